/// The training tweets of a hashed model, analysed once: the vectorizer
/// fitted on all of them, their rows, labels and sources.
///
/// Every fold and grid point reads this one copy. The vectorizer learns only
/// document frequencies (no labels), so fitting it once on all training rows
/// instead of once per fold costs cross-validation nothing in honesty that
/// matters and saves most of its time; the test file never enters it.
public struct HashedTrainingSet: Sendable {
    public let vectorizer: HashedVectorizer
    /// One row per example, all blocks.
    public let matrix: FeatureMatrix
    public let labels: [Label]
    /// The training source (file index) of each row.
    public let sources: [Int]
    /// Each row's word-unigram columns, for the unknown-word reference
    /// (empty when the blocks have no word-unigram block).
    public let words: [RowWords]
    /// The settings the set was analysed with (NB-SVM's learner reads its α and β from them).
    public let settings: Hyperparameters

    /// Analyses `examples` (in parallel) with the settings' tokenizer, stop words, tf-idf options and `blocks`.
    public init(examples: [LabeledTweet], sources: [Int], settings: Hyperparameters, blocks: [FeatureBlock]) {
        let analyzer = settings.hashedAnalyzer(blocks: blocks)
        let analysed = ParallelMap.map(examples) { example in
            var tokens: [UInt32] = []
            let counts = analyzer.counts(example.text) { tokens.append($0) }
            return (counts, analyzer.unigramBlock.map { RowWords(tokens: tokens, counts, block: $0) })
        }
        let counts = analysed.map(\.0)
        let vectorizer = HashedVectorizer.fit(analyzer: analyzer, counts: counts, options: settings.tfidf)
        self.vectorizer = vectorizer
        self.matrix = FeatureMatrix(rows: ParallelMap.map(counts) { vectorizer.weigh($0) }, columnCount: analyzer.columnCount)
        self.labels = examples.map(\.label)
        self.sources = sources
        self.words = analysed.compactMap(\.1)
        self.settings = settings
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
