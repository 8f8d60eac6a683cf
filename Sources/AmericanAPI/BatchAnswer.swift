import TweetClassifier

/// The answer of `POST /api/american/batch`: one label per text, in order.
public struct BatchAnswer: Codable, Sendable, Equatable {
    /// The verdicts, `0` or `1` each on the wire.
    public var predictions: [Label]
    /// The code version that answered.
    public var version: String
    /// When the answering model was trained (ISO-8601).
    public var modelDate: String

    /// Creates an answer.
    public init(predictions: [Label], version: String, modelDate: String) {
        self.predictions = predictions
        self.version = version
        self.modelDate = modelDate
    }

    enum CodingKeys: String, CodingKey {
        case predictions, version
        case modelDate = "model_date"
    }
}
