/// The body of every refusal: `{"error": "<code>", "message": "<sentence>"}`.
public struct ErrorAnswer: Codable, Sendable, Equatable {
    /// A stable, machine-readable code, e.g. `missing_text`.
    public var error: String
    /// A sentence for people.
    public var message: String

    /// Creates an error body.
    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}
