import AmericanAPI
import HTTPTypes
import Hummingbird

/// A request the API refuses, with the status and the JSON body
/// `{"error": "<code>", "message": "<sentence>"}` (`ErrorAnswer`) it answers with.
///
/// Every client mistake maps to one of these, so no input can surface as a 5xx.
public struct APIError: Error, Equatable, HTTPResponseError {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// A stable, machine-readable code, e.g. `missing_text`.
    public let code: String
    /// A sentence for people.
    public let message: String
    /// Extra headers (the `Allow` list of a 405).
    public var headers: HTTPFields = [:]

    /// The 400 for a body the contract refuses.
    init(_ refusal: RequestBodyError) {
        self.init(status: .badRequest, code: refusal.code, message: refusal.message)
    }

    init(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    static func tooManyTexts(limit: Int) -> APIError {
        APIError(status: .badRequest, code: "too_many_texts", message: "A batch holds at most \(limit) texts.")
    }

    static func payloadTooLarge(limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "payload_too_large", message: "The body is larger than the \(limit)-byte limit.")
    }

    static let modelNotLoaded = APIError(status: .serviceUnavailable, code: "model_not_loaded", message: "No model is loaded yet; retry shortly.")

    static func notReady(_ reason: String) -> APIError {
        APIError(status: .serviceUnavailable, code: "not_ready", message: "The server is not ready: \(reason).")
    }

    static let notFound = APIError(status: .notFound, code: "not_found", message: "No such route; see /openapi.yaml.")

    static func methodNotAllowed(_ allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "Use \(list) on this route.", headers: [.allow: list])
    }

    /// The JSON response for this error.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        if status == .contentTooLarge { fields[.connection] = "close" }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ErrorAnswer.body(code: code, message: message)))
    }
}
