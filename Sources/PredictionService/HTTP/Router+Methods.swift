import Hummingbird

extension Router {
    /// The methods a route answers 405 to when it does not allow them.
    static var knownMethods: [HTTPRequest.Method] { [.get, .head, .post, .put, .delete, .patch, .options] }

    /// Serves `path` with `handler` for `method` only (GET also answers HEAD);
    /// every other method gets a JSON 405 with an `Allow` header, rather than
    /// the 404 a router gives by default.
    @discardableResult
    func only(
        _ method: HTTPRequest.Method, _ path: RouterPath,
        use handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) -> Self {
        let allowed: [HTTPRequest.Method] = method == .get ? [.get, .head] : [method]
        for other in Self.knownMethods {
            if allowed.contains(other) {
                on(path, method: other, use: handler)
            } else {
                on(path, method: other) { _, _ -> Response in throw APIError.methodNotAllowed(allowed) }
            }
        }
        return self
    }
}
