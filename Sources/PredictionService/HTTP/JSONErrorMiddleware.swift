import Hummingbird
import Logging

/// Gives every failure the API's JSON error shape.
///
/// `APIError`s already have it; Hummingbird's own errors (an unknown route,
/// a body over the limit) are translated; anything unexpected becomes a 500
/// that is logged with its cause but does not leak it to the client.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            switch error.status {
            case .notFound: throw APIError.notFound
            case .contentTooLarge: throw APIError.payloadTooLarge(limit: maxBodyBytes)
            case let status where status.code < 500:
                throw APIError(status: status, code: "bad_request", message: error.body ?? status.reasonPhrase)
            default:
                context.logger.error("request failed: \(error)")
                throw APIError(status: .internalServerError, code: "internal_error", message: "The server failed to answer; this is logged.")
            }
        } catch {
            context.logger.error("request failed: \(error)")
            throw APIError(status: .internalServerError, code: "internal_error", message: "The server failed to answer; this is logged.")
        }
    }
}
