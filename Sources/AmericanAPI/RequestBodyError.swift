/// Why a request body is refused: each case is a 400 with its own code.
///
/// It lives with the contract (not the server) so that the fuzzers and the
/// tests check exactly the refusals the server gives.
public enum RequestBodyError: Error, Equatable, Sendable {
    /// The bytes are not JSON (the reason says where).
    case malformedJSON(String)
    /// The JSON has no such member (or is not an object).
    case missing(field: String)
    /// The member has the wrong type.
    case invalid(String)

    /// The `error` code of the answer.
    public var code: String {
        switch self {
        case .malformedJSON: "malformed_json"
        case .missing: "missing_text"
        case .invalid: "invalid_text"
        }
    }

    /// The `message` of the answer.
    public var message: String {
        switch self {
        case let .malformedJSON(reason): "The body is not valid JSON: \(reason)."
        case let .missing(field): "The body must be a JSON object with a '\(field)' field."
        case let .invalid(detail): detail
        }
    }
}
