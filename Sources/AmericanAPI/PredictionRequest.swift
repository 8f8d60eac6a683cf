/// The body of `POST /api/american` and `POST /api/american/explain`.
public struct PredictionRequest: Codable, Sendable, Equatable {
    /// The tweet.
    public var text: String

    /// Creates a request for one tweet.
    public init(text: String) {
        self.text = text
    }
}
