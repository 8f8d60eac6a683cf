import TweetClassifier

/// The answer of `POST /api/american`: exactly the course's three fields.
public struct PredictionAnswer: Codable, Sendable, Equatable {
    /// The verdict, `0` or `1` on the wire.
    public var isAmerican: Label
    /// The code version that answered.
    public var version: String
    /// When the answering model was trained (ISO-8601).
    public var modelDate: String

    /// Creates an answer.
    public init(isAmerican: Label, version: String, modelDate: String) {
        self.isAmerican = isAmerican
        self.version = version
        self.modelDate = modelDate
    }

    enum CodingKeys: String, CodingKey {
        case version
        case isAmerican = "is_american"
        case modelDate = "model_date"
    }
}
