/// A verdict on one tweet.
public struct Prediction: Sendable, Equatable {
    /// The verdict: `probability` above one half is American.
    public let label: Label
    /// The probability that the author is American.
    public let probability: Double
}

extension Prediction {
    /// The verdict of a model's log-odds: the probability is their logistic function.
    init(logit: Double) {
        let probability = LinearScorer.sigmoid(logit)
        self.init(label: Label(probability: probability), probability: probability)
    }
}
