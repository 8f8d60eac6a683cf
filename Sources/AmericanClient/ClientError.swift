/// Why a request to the service failed, in kinds that reports can count:
/// a rollout's downtime is "refused" while no server listens, "timeout"
/// while one hangs, "http 503" while one is not ready.
public enum ClientError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case connectionRefused(String)
    case timeout(String)
    case status(Int, String)
    case invalidResponse(String)
    case transport(String)

    /// A short, stable label for counting failures by kind.
    public var kind: String {
        switch self {
        case .invalidURL: "invalid_url"
        case .connectionRefused: "refused"
        case .timeout: "timeout"
        case let .status(code, _): "http_\(code)"
        case .invalidResponse: "invalid_response"
        case .transport: "transport"
        }
    }

    public var description: String {
        switch self {
        case let .invalidURL(url): "invalid URL '\(url)': expected http://host:port"
        case let .connectionRefused(url): "connection refused by \(url): is the server running?"
        case let .timeout(url): "no answer from \(url) in time"
        case let .status(code, message): "the server answered \(code): \(message)"
        case let .invalidResponse(detail): "unexpected answer from the server: \(detail)"
        case let .transport(detail): "request failed: \(detail)"
        }
    }
}
