/// The body of `POST /api/american/batch`.
public struct BatchRequest: Codable, Sendable, Equatable {
    /// The tweets, answered in order.
    public var texts: [String]

    /// Creates a request for many tweets.
    public init(texts: [String]) {
        self.texts = texts
    }
}
