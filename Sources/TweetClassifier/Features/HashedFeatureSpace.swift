/// A vectorizer over hashed n-gram blocks: what the TF-IDF kinds and NB-SVM
/// share in training, which differ only in how a tweet's counts are weighed.
/// (Serving does not build these vectors: `HashedScorer` computes the same
/// values straight into the log-odds.)
protocol HashedFeatureSpace: Sendable {
    /// The analyzer that turns a tweet into hashed n-gram counts.
    var analyzer: HashedAnalyzer { get }
    /// The feature vector of a tweet's counts.
    func weigh(_ counts: DocumentCounts) -> SparseVector
}

extension HashedFeatureSpace {
    /// The feature vector of `text`.
    func transform(_ text: String) -> SparseVector {
        weigh(analyzer.counts(text))
    }
}
