/// How much of a tweet the model can read: its word tokens and how many of
/// them the model has no feature for.
///
/// A model trained on one kind of text meets a growing share of unknown words
/// when the traffic drifts away from it, long before its accuracy can be
/// measured (labels arrive late or never), so this is what the server watches.
public struct InputStatistics: Sendable, Equatable {
    /// Word tokens, as the model's tokenizer cuts them (stop words removed).
    public var tokens: Int
    /// Tokens whose single-word feature the model lacks: not in the
    /// vocabulary, or hashed to a bucket that training pruned (min_df).
    public var unknown: Int

    /// Creates the statistics of one tweet.
    public init(tokens: Int, unknown: Int) {
        self.tokens = tokens
        self.unknown = unknown
    }

    /// The out-of-vocabulary rate, nil for a tweet without tokens (nothing to be unknown).
    public var unknownShare: Double? {
        tokens > 0 ? Double(unknown) / Double(tokens) : nil
    }
}
