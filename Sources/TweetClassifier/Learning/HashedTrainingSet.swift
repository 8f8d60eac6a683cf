/// The training tweets of a hashed model, analysed: a vectorizer fitted on
/// them, their rows under it, labels and sources.
///
/// Every grid point reads this one analysis. A block's `min_df` prunes
/// n-grams by the number of training tweets that have each one
/// (`NgramFrequencies`), and a fitted row counts only the n-grams kept, as
/// it would over an exact vocabulary; a row the vectorizer was not fitted on
/// counts every n-gram, as a tweet being served does (its pruned ones fall
/// in pruned columns or share a kept one's, the price of hashing).
///
/// The idf and min-df pruning come from the rows the vectorizer was fitted
/// on, and a cross-validation fold must not see its held-out rows there
/// (`refitted(on:)`): with document frequencies counted on every row, an
/// n-gram that one training tweet and one held-out tweet have passes min-df
/// 2 only because of the held-out tweet, and then carries the training
/// tweet's label into the held-out score (a retweet, or the same author's
/// place names), which a test tweet, pruned by the training rows alone,
/// never gets.
public struct HashedTrainingSet: Sendable {
    public let vectorizer: HashedVectorizer
    /// One row per example, all blocks, weighed by `vectorizer`.
    public let matrix: FeatureMatrix
    public let labels: [Label]
    /// The training source (file index) of each row.
    public let sources: [Int]
    /// The column of each word token of each row, in order (empty rows when
    /// the blocks have no word-unigram block): the unknown-word reference's input.
    public let tokens: [[UInt32]]
    /// The settings the set was analysed with (NB-SVM's learner reads its α and β from them).
    public let settings: Hyperparameters
    /// The rows' texts: a refit analyses them again, since the n-grams its rows keep decide every fitted row's counts.
    private let texts: [String]

    /// Analyses `examples` (in parallel) with the settings' tokenizer, stop
    /// words, tf-idf options and `blocks`, and fits the vectorizer on all of them.
    public init(examples: [LabeledTweet], sources: [Int], settings: Hyperparameters, blocks: [FeatureBlock]) {
        self.init(
            texts: examples.map(\.text), fittedOn: nil, analyzer: settings.hashedAnalyzer(blocks: blocks), labels: examples.map(\.label),
            sources: sources, settings: settings, tokens: nil
        )
    }

    /// The set with a vectorizer fitted on the rows `rows` (all rows when nil) and every row weighed by it.
    /// The rows' token columns do not depend on the rows fitted: a refit passes the ones it has as `known`.
    private init(
        texts: [String], fittedOn rows: [Int]?, analyzer: HashedAnalyzer, labels: [Label], sources: [Int], settings: Hyperparameters,
        tokens known: [[UInt32]]?
    ) {
        let kept = Self.keptNgrams(analyzer, texts: rows.map { $0.map { texts[$0] } } ?? texts)
        var fitted = [Bool](repeating: rows == nil, count: texts.count)
        for row in rows ?? [] { fitted[row] = true }
        let collect = known == nil
        let analysed = ParallelMap.map(Array(texts.indices)) { [fitted] row in
            var tokens: [UInt32] = []
            return (analyzer.counts(texts[row], keeping: fitted[row] ? kept : nil) { if collect { tokens.append($0) } }, tokens)
        }
        let counts = analysed.map(\.0)
        let vectorizer = HashedVectorizer.fit(analyzer: analyzer, counts: rows.map { $0.map { counts[$0] } } ?? counts, options: settings.tfidf)
        self.vectorizer = vectorizer
        self.matrix = FeatureMatrix(rows: ParallelMap.map(counts) { vectorizer.weigh($0) }, columnCount: analyzer.columnCount)
        self.labels = labels
        self.sources = sources
        self.tokens = known ?? analysed.map(\.1)
        self.settings = settings
        self.texts = texts
    }

    /// Each block's n-grams that at least its `min_df` of `texts` have,
    /// counted on every core (a table per core, added up).
    private static func keptNgrams(_ analyzer: HashedAnalyzer, texts: [String]) -> [NgramSet] {
        let parts = ParallelMap.chunks(texts.count)
        let tables = ParallelMap.mapEach(parts) { part in
            let tables = analyzer.blocks.map { _ in NgramFrequencies() }
            for row in part { analyzer.countDocumentFrequencies(texts[row], into: tables) }
            return tables
        }
        return analyzer.blocks.indices.map { block in
            let total = tables[0][block]
            for part in tables.dropFirst() { total.merge(part[block]) }
            return total.kept(minDF: analyzer.blocks[block].minDF)
        }
    }

    /// The same rows under a vectorizer fitted on the rows `rows` only: a
    /// cross-validation fold's feature space, whose n-grams, idf and pruning
    /// its held-out rows take no part in (they are weighed by it to be scored).
    public func refitted(on rows: [Int]) -> HashedTrainingSet {
        HashedTrainingSet(
            texts: texts, fittedOn: rows, analyzer: vectorizer.analyzer, labels: labels, sources: sources, settings: settings, tokens: tokens
        )
    }

    /// Each row's sample weight under per-source weights.
    public func sampleWeights(_ sourceWeights: [Double]) -> [Double] {
        sources.map { sourceWeights[$0] }
    }

    /// The rows restricted to the blocks at `blocks` (the whole matrix when that is every block).
    public func matrix(keeping blocks: [Int]) -> FeatureMatrix {
        blocks == Array(vectorizer.analyzer.blocks.indices) ? matrix : matrix.keeping(vectorizer.columnRanges(of: blocks))
    }
}
