/// How a served hashed model (linear SVM, dual logistic regression, NB-SVM)
/// turns a tweet into its calibrated log-odds.
///
/// Training weighs each tweet into a sparse vector, normalises each block and
/// takes a dot product. Serving computes the same numbers in one pass over the
/// tweet's counts: per block `Σ xⱼwⱼ / √Σ xⱼ²`, with each column's codes read
/// from `ColumnCodes` and no vector built. The feature values come from the
/// vectorizers' own `value` functions, so the two paths cannot drift apart
/// (`HashedModelTests.scorerMatchesTrainingPath` checks that they agree on every kind).
struct HashedScorer: Sendable {
    /// How a filled column's count and column code become its feature value.
    enum Weighing: Sendable {
        /// TF-IDF: `tf(count) · idf`, the idf being `code · idfScale`.
        case tfidf(TfidfOptions, idfScale: Float)
        /// NB-SVM: the column's log-count ratio `code · scale`, whatever the count.
        case logCountRatio(scale: Float)

        /// The value before the block's norm.
        @inline(__always)
        func value(count: Int32, code: Int16) -> Double {
            switch self {
            case let .tfidf(options, idfScale):
                HashedVectorizer.value(count: count, idf: Float(code) * idfScale, sublinearTF: options.sublinearTF)
            case let .logCountRatio(scale):
                LogCountRatioVectorizer.value(code: code, scale: scale)
            }
        }

        /// Whether each block is scaled to unit length.
        var normalizesBlocks: Bool {
            switch self {
            case let .tfidf(options, _): options.l2Normalize
            case .logCountRatio: true
            }
        }
    }

    private let analyzer: HashedAnalyzer
    private let columns: ColumnCodes
    private let weighing: Weighing
    private let weightScale: Float
    /// Platt's slope, folded into every weight.
    private let slope: Double
    /// The calibrated intercept: Platt's slope times the stored bias, plus Platt's offset.
    private let bias: Double

    /// The scorer of a TF-IDF hashed model (linear SVM, dual logistic regression).
    init(analyzer: HashedAnalyzer, tfidf parameters: HashedLinearModel, options: TfidfOptions) {
        self.init(analyzer: analyzer, parameters: parameters, weighing: .tfidf(options, idfScale: parameters.idf.scale))
    }

    /// The scorer of an NB-SVM model.
    init(analyzer: HashedAnalyzer, nbSVM parameters: NBSVMModel) {
        self.init(analyzer: analyzer, parameters: parameters, weighing: .logCountRatio(scale: parameters.ratios.scale))
    }

    /// The scorer of fitted hashed parameters whose column codes `weighing`
    /// reads (private: the two initialisers above pair each kind with its weighing).
    private init<Weighting>(analyzer: HashedAnalyzer, parameters: HashedParameters<Weighting>, weighing: Weighing) {
        self.analyzer = analyzer
        self.columns = ColumnCodes(columnCodes: parameters.columnWeights.codes, weightCodes: parameters.weights.codes)
        self.weighing = weighing
        self.weightScale = parameters.weights.scale
        self.slope = parameters.calibration.a
        self.bias = parameters.calibration.a * parameters.bias + parameters.calibration.b
    }

    /// The calibrated log-odds of `text` (the prediction path).
    func logit(_ text: String) -> Double {
        logit(text) { _ in }
    }

    /// The calibrated log-odds of `text` and the statistics of its word
    /// tokens (the server's path). A never-seen word that hashes into a kept
    /// bucket counts as known: with feature hashing that collision is
    /// indistinguishable from a known word.
    func assess(_ text: String) -> (logit: Double, input: InputStatistics?) {
        var input = InputStatistics(tokens: 0, unknown: 0)
        let logit = logit(text) { column in
            input.tokens += 1
            if columns.isPruned(column) { input.unknown += 1 }
        }
        return (logit, analyzer.unigramBlock == nil ? nil : input)
    }

    /// The log-odds of `text`, the statistics of its word tokens, and each
    /// word's share of the log-odds (the columns' shares `xⱼwⱼ / norm` given back to the tweet's words).
    func explain(_ text: String) -> (logit: Double, input: InputStatistics?, contributions: [TermContribution]) {
        let document = analyzer.analyze(text)
        let counts = DocumentCounts(document)
        var shares: [(column: Int32, value: Double)] = []
        var start = 0
        for end in counts.blockEnds {
            var squares = 0.0
            forEachColumn(of: counts, in: start..<end) { _, x, _ in squares += x * x }
            let norm = norm(squares)
            forEachColumn(of: counts, in: start..<end) { column, x, w in shares.append((Int32(column), x * w / norm)) }
            start = end
        }
        let contributions = WordAttribution.contributions(text: text, document: document, counts: counts, columnShares: shares)
        // The logit of the prediction path, so that an explanation's verdict is the prediction's to the bit.
        return (logit(text), analyzer.statistics(document, isPruned: columns.isPruned), contributions)
    }

    /// `bias + Σ over blocks of Σ xⱼwⱼ / norm`, in one pass over each block's
    /// counts table; `eachToken` gets the column of each word token.
    private func logit(_ text: String, eachToken: (UInt32) -> Void) -> Double {
        var logit = bias
        // A local copy, so that the loop below keeps the kind in a register
        // instead of reading it again after every store.
        let weighing = weighing
        let sink = { (_: Int, ngrams: Int) in PrefetchingCounts(table: BucketCounts(expected: ngrams), columns: columns) }
        analyzer.forEachBlock(text, sink: sink, eachToken: eachToken) { _, counts in
            let table = counts.table
            // Gather every column's codes first and weigh them after: most were
            // prefetched while the tweet was hashed, and the short gathering
            // loop keeps the misses left in flight at once.
            withUnsafeTemporaryAllocation(of: (entry: ColumnCodes.Entry, count: Int32).self, capacity: table.columnCount) { gathered in
                var filled = 0
                table.forEach { column, count in
                    gathered.initializeElement(at: filled, to: (columns.codes(column), count))
                    filled += 1
                }
                var (dot, squares) = (0.0, 0.0)
                for (entry, count) in gathered[..<filled] where entry.columnCode != 0 {
                    let x = weighing.value(count: count, code: entry.columnCode)
                    dot += x * weight(entry)
                    squares += x * x
                }
                logit += dot / norm(squares)
            }
        }
        return logit
    }

    /// A kept column's calibrated weight: Platt's slope times the stored
    /// weight, `σ(a·(w·x + b₀) + b)` folded into one linear function so that an
    /// explanation's word shares add up to the calibrated log-odds.
    @inline(__always)
    private func weight(_ entry: ColumnCodes.Entry) -> Double {
        slope * Double(Float(entry.weightCode) * weightScale)
    }

    /// What a block's values are divided by: their Euclidean norm, or 1 when
    /// blocks are not normalised or the block has no kept column.
    @inline(__always)
    private func norm(_ squares: Double) -> Double {
        weighing.normalizesBlocks && squares > 0 ? squares.squareRoot() : 1
    }

    /// Calls `body(column, x, w)` for each kept column among `entries` of
    /// `counts`: its feature value before the norm and its calibrated weight.
    @inline(__always)
    private func forEachColumn(of counts: DocumentCounts, in entries: Range<Int>, _ body: (UInt32, Double, Double) -> Void) {
        for k in entries {
            let column = counts.columns[k]
            let entry = columns.codes(column)
            guard entry.columnCode != 0 else { continue }
            body(column, weighing.value(count: counts.counts[k], code: entry.columnCode), weight(entry))
        }
    }
}
