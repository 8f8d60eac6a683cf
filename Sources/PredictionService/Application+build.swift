import Hummingbird
import NIOCore
import Logging
import ServiceLifecycle

/// The parts of a running service that the executable and the tests both
/// need to reach: the application, its model store and its reloader.
public struct PredictionServer: Sendable {
    /// The Hummingbird application (HTTP server plus the model reloader).
    public let application: Application<RouterResponder<BasicRequestContext>>
    /// The served model and the readiness/drain state.
    public let store: ModelStore
    /// Reloads the model on demand (the tests call it; SIGHUP and polling do in production).
    public let reloader: ModelReloader
    /// The metrics `/metrics` exposes.
    public let metrics: ServiceMetrics
}

/// Builds the prediction service from `configuration`, in the shape of the
/// Hummingbird template: the executable runs what this returns, and the
/// tests drive the same thing in-process.
///
/// The first model is loaded here. When that fails the error is thrown (the
/// executable exits non-zero with its message), unless `waitForModel` is set:
/// then the service starts unready and the reloader keeps trying.
public func buildApplication(_ configuration: ServiceConfiguration, logger: Logger) async throws -> PredictionServer {
    let store = ModelStore()
    let metrics = ServiceMetrics()
    let reloader = ModelReloader(
        loader: ModelLoader(configuration: configuration), store: store, metrics: metrics, refresh: configuration.modelRefresh, logger: logger
    )
    do {
        try await reloader.load()
    } catch {
        guard configuration.waitForModel else { throw error }
        metrics.modelLoadFailed()
        logger.warning("no model yet (\(error)); waiting for one, /readyz answers 503 meanwhile")
    }
    var application = Application(
        router: buildRouter(store: store, metrics: metrics, configuration: configuration),
        server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.idleTimeout))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: logger
    )
    application.addServices(reloader)
    return PredictionServer(application: application, store: store, reloader: reloader, metrics: metrics)
}

/// The router of the service: observation outermost (it sees every final
/// status), then the JSON error shape, then the contract's routes.
func buildRouter(store: ModelStore, metrics: ServiceMetrics, configuration: ServiceConfiguration) -> Router<BasicRequestContext> {
    let router = Router()
    router.middlewares.add(RequestObservationMiddleware(metrics: metrics))
    router.middlewares.add(JSONErrorMiddleware(maxBodyBytes: configuration.maxBodyBytes))
    RouteTable(
        prediction: PredictionRoutes(store: store, metrics: metrics, configuration: configuration),
        operational: OperationalRoutes(store: store, metrics: metrics, version: configuration.version)
    ).register(on: router)
    return router
}

extension PredictionServer {
    /// Runs the service until SIGTERM or SIGINT, then drains: `/readyz` turns
    /// 503 at once, requests are still answered for `drainSeconds`, and the
    /// server then stops after finishing those in flight.
    public func run(drain: Duration, logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: application),
                .init(service: DrainService(store: store, drain: drain, logger: logger)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
    }
}
