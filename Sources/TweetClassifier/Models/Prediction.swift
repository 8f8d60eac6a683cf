/// A verdict on one tweet.
public struct Prediction: Sendable, Equatable {
    /// The verdict: `probability` above one half is American.
    public let label: Label
    /// The probability that the author is American.
    public let probability: Double
}
