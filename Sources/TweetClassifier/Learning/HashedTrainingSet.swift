/// The training tweets of a hashed model, analysed once: their n-gram counts,
/// a vectorizer fitted on them, their rows under it, labels and sources.
///
/// Every grid point reads this one analysis. The vectorizer's idf and min-df
/// pruning come from the rows it was fitted on, and a cross-validation fold
/// must not see its held-out rows there (`refitted(on:)`): with document
/// frequencies counted on every row, a bucket that one training tweet and one
/// held-out tweet fill passes min-df 2 only because of the held-out tweet,
/// and then carries the training tweet's label into the held-out score (a
/// retweet, or the same author's place names), which a test tweet, whose
/// buckets are pruned by the training rows alone, never gets.
public struct HashedTrainingSet: Sendable {
    public let vectorizer: HashedVectorizer
    /// One row per example, all blocks, weighed by `vectorizer`.
    public let matrix: FeatureMatrix
    public let labels: [Label]
    /// The training source (file index) of each row.
    public let sources: [Int]
    /// Each row's word-unigram columns, for the unknown-word reference
    /// (empty when the blocks have no word-unigram block).
    public let words: [RowWords]
    /// The settings the set was analysed with (NB-SVM's learner reads its α and β from them).
    public let settings: Hyperparameters
    /// Each row's n-gram counts: what a vectorizer is fitted on and weighs.
    let counts: [DocumentCounts]

    /// Analyses `examples` (in parallel) with the settings' tokenizer, stop
    /// words, tf-idf options and `blocks`, and fits the vectorizer on all of them.
    public init(examples: [LabeledTweet], sources: [Int], settings: Hyperparameters, blocks: [FeatureBlock]) {
        let analyzer = settings.hashedAnalyzer(blocks: blocks)
        let analysed = ParallelMap.map(examples) { example in
            var tokens: [UInt32] = []
            let counts = analyzer.counts(example.text) { tokens.append($0) }
            return (counts, analyzer.unigramBlock.map { RowWords(tokens: tokens, counts, block: $0) })
        }
        self.init(
            counts: analysed.map(\.0), fittedOn: nil, analyzer: analyzer, labels: examples.map(\.label), sources: sources,
            words: analysed.compactMap(\.1), settings: settings
        )
    }

    /// The set with a vectorizer fitted on the rows `rows` (all rows when nil) and every row weighed by it.
    private init(
        counts: [DocumentCounts], fittedOn rows: [Int]?, analyzer: HashedAnalyzer, labels: [Label], sources: [Int],
        words: [RowWords], settings: Hyperparameters
    ) {
        let fitted = rows.map { $0.map { counts[$0] } } ?? counts
        let vectorizer = HashedVectorizer.fit(analyzer: analyzer, counts: fitted, options: settings.tfidf)
        self.vectorizer = vectorizer
        self.matrix = FeatureMatrix(rows: ParallelMap.map(counts) { vectorizer.weigh($0) }, columnCount: analyzer.columnCount)
        self.labels = labels
        self.sources = sources
        self.words = words
        self.settings = settings
        self.counts = counts
    }

    /// The same rows under a vectorizer fitted on the rows `rows` only: a
    /// cross-validation fold's feature space, whose idf and vocabulary its
    /// held-out rows take no part in (they are weighed by it to be scored).
    public func refitted(on rows: [Int]) -> HashedTrainingSet {
        HashedTrainingSet(
            counts: counts, fittedOn: rows, analyzer: vectorizer.analyzer, labels: labels, sources: sources, words: words, settings: settings
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
