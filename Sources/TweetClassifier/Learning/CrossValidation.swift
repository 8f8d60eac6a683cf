/// What cross-validating a grid produced: every point's result, and each
/// fold's vectorizer (what the fold's held-out tweets were weighed by, and
/// so which of their words were unknown to it).
public struct CrossValidation: Sendable {
    /// The grid's results, in grid order.
    public let results: [CrossValidationResult]
    /// Each fold's vectorizer, fitted on its training rows, in fold order.
    public let foldVectorizers: [HashedVectorizer]
}
