import AmericanAPI
import Hummingbird

/// Puts every `APIRoute` on a router with its handler.
///
/// The switch in `handler(for:)` is exhaustive, so a route added to the
/// contract does not compile until it has a handler, and nothing but the
/// contract's routes (and the page's files) is ever registered.
struct RouteTable: Sendable {
    let prediction: PredictionRoutes
    let operational: OperationalRoutes

    /// Registers the routes (and their 405s) on `router`.
    func register<Context: RequestContext>(on router: Router<Context>) {
        for route in APIRoute.allCases {
            router.only(route.method, RouterPath(route.path), use: handler(for: route))
        }
        for path in APIRoute.pageAssets {
            guard let asset = StaticAssets.page[path] else { preconditionFailure("no file for page asset \(path)") }
            router.only(.get, RouterPath(path), use: StaticAssets.handler(asset))
        }
    }

    private func handler<Context: RequestContext>(for route: APIRoute) -> @Sendable (Request, Context) async throws -> Response {
        switch route {
        case .predict: prediction.predict
        case .batch: prediction.batch
        case .explain: prediction.explain
        case .healthz: operational.healthz
        case .readyz: operational.readyz
        case .version: operational.version
        case .metrics: operational.metrics
        case .openAPI: StaticAssets.handler(StaticAssets.openAPI)
        case .page: StaticAssets.handler(StaticAssets.html)
        }
    }
}
