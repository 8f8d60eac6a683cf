/// A verdict together with what the model could read of the tweet: what the
/// server records for every prediction it serves.
public struct Assessment: Sendable, Equatable {
    /// The verdict.
    public let prediction: Prediction
    /// The tweet's tokens and unknown words; nil for a hashed model without a
    /// word-unigram block (character n-grams only), which has no words to know.
    public let input: InputStatistics?
}
