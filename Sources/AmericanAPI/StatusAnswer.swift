/// The body of `GET /healthz` and `GET /readyz` when they answer 200.
public struct StatusAnswer: Codable, Sendable, Equatable {
    /// `ok` (alive) or `ready`.
    public var status: String

    /// Creates a status body.
    public init(status: String) {
        self.status = status
    }
}
