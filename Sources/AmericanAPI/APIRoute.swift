import HTTPTypes

/// Every route of the service's HTTP contract, in one place.
///
/// The server registers exactly these (so a route cannot be served without
/// being listed here), metrics label requests with their `name`, the client
/// builds its URLs from their `path`, and a test checks `openapi.yaml`
/// against the routes the real router ends up with.
public enum APIRoute: String, CaseIterable, Sendable {
    /// `POST /api/american`: one tweet, the course's three-field answer.
    case predict
    /// `POST /api/american/batch`: many tweets in one request.
    case batch
    /// `POST /api/american/explain`: the verdict with the words behind it.
    case explain
    /// `GET /healthz`: liveness.
    case healthz
    /// `GET /readyz`: readiness (a model is loaded and the server is not draining).
    case readyz
    /// `GET /version`: code and model identity.
    case version
    /// `GET /metrics`: Prometheus text exposition.
    case metrics
    /// `GET /openapi.yaml`: the OpenAPI document of these routes.
    case openAPI = "openapi"
    /// `GET /`: the web page.
    case page

    /// The request path.
    public var path: String {
        switch self {
        case .predict: "/api/american"
        case .batch: "/api/american/batch"
        case .explain: "/api/american/explain"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .version: "/version"
        case .metrics: "/metrics"
        case .openAPI: "/openapi.yaml"
        case .page: "/"
        }
    }

    /// The one method the route answers (any other gets a 405 with `Allow`).
    public var method: HTTPRequest.Method {
        switch self {
        case .predict, .batch, .explain: .post
        case .healthz, .readyz, .version, .metrics, .openAPI, .page: .get
        }
    }

    /// The label of the route in logs and metrics (a fixed, small set).
    public var name: String { rawValue }

    /// The files the web page loads besides `/`; served with the page's label
    /// and left out of the OpenAPI document, which describes the API.
    public static let pageAssets = ["/index.html", "/app.js", "/style.css", "/favicon.svg"]
}

extension APIRoute {
    private static let byPath: [String: APIRoute] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.path, $0) } + pageAssets.map { ($0, .page) }
    )

    /// The route serving `path` (page assets count as the page), nil for any other path.
    public init?(servingPath path: String) {
        guard let route = Self.byPath[path] else { return nil }
        self = route
    }
}
