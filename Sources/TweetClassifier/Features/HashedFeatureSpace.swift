/// A vectorizer over hashed n-gram blocks: what the TF-IDF kinds and NB-SVM
/// share, so that transforming, assessing and explaining a tweet are written
/// once and differ only in how a tweet's counts are weighed and which columns
/// training pruned.
protocol HashedFeatureSpace: Sendable {
    /// The analyzer that turns a tweet into hashed n-gram counts.
    var analyzer: HashedAnalyzer { get }
    /// The feature vector of a tweet's counts.
    func weigh(_ counts: DocumentCounts) -> SparseVector
    /// Whether training pruned `column`: a token there is unknown to the model.
    func isPruned(_ column: UInt32) -> Bool
}

extension HashedFeatureSpace {
    /// The feature vector of `text`.
    func transform(_ text: String) -> SparseVector {
        weigh(analyzer.counts(text))
    }

    /// The feature vector of `text` and the statistics of its word tokens (the
    /// server's path). A never-seen word that hashes into a kept bucket counts
    /// as known: with feature hashing that collision is indistinguishable from a known word.
    func assess(_ text: String) -> (features: SparseVector, input: InputStatistics?) {
        let (counts, input) = analyzer.assess(text, isPruned: isPruned)
        return (weigh(counts), input)
    }

    /// The log-odds of `text` under `scorer`, the statistics of its word
    /// tokens, and each word's share of the log-odds (columns' shares given back to the tweet's words).
    func explain(_ text: String, scorer: LinearScorer) -> (logit: Double, input: InputStatistics?, contributions: [TermContribution]) {
        let document = analyzer.analyze(text)
        let counts = DocumentCounts(document)
        let features = weigh(counts)
        let contributions = WordAttribution.contributions(
            text: text, document: document, counts: counts, columnShares: scorer.contributions(features)
        )
        return (scorer.logit(features), analyzer.statistics(document, isPruned: isPruned), contributions)
    }
}
