/// The label a request path gets in logs and metrics: a fixed, small set,
/// so that arbitrary paths sent by clients cannot blow up metric cardinality.
enum RouteName {
    private static let names: [String: String] = [
        "/api/american": "predict", "/api/american/batch": "batch", "/api/american/explain": "explain",
        "/healthz": "healthz", "/readyz": "readyz", "/version": "version", "/metrics": "metrics",
        "/openapi.yaml": "openapi", "/": "page", "/index.html": "page", "/app.js": "page",
        "/style.css": "page", "/favicon.svg": "page",
    ]

    /// The route label of `path` (`other` for unknown paths).
    static func of(_ path: String) -> String {
        names[path] ?? "other"
    }
}
