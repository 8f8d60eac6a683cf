/// The drift scores (PSI) of a set of tweets, per signal.
public struct DriftScores: Sendable, Equatable {
    /// Of the predicted probability.
    public let probability: Double?
    /// Of the unknown-word rate.
    public let unknownWords: Double?
}
