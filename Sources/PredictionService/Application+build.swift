import Hummingbird
import HummingbirdCore
import NIOCore
import Logging
import ServiceLifecycle

/// The parts of a running service that the executable and the tests both
/// need to reach: the application, its model store, reloader and connections.
public struct PredictionServer: Sendable {
    /// The Hummingbird application (HTTP server plus the model reloader).
    public let application: Application<RouterResponder<BasicRequestContext>>
    /// The served model and the readiness/drain state.
    public let store: ModelStore
    /// Reloads the model on demand (the tests call it; SIGHUP and polling do in production).
    public let reloader: ModelReloader
    /// The metrics `/metrics` exposes.
    public let metrics: ServiceMetrics
    /// The open client connections, under their cap.
    let budget: ConnectionBudget
    /// What the service runs with.
    public let configuration: ServiceConfiguration
}

/// Builds the prediction service from `configuration`, in the shape of the
/// Hummingbird template: the executable runs what this returns, and the
/// tests drive the same thing in-process.
///
/// No I/O happens here: the model is loaded by the reloader once the
/// service runs, beside the listener (tests that drive the router alone call
/// `reloader.load()` themselves).
public func buildApplication(_ configuration: ServiceConfiguration, logger: Logger) -> PredictionServer {
    let store = ModelStore()
    let metrics = ServiceMetrics(driftWindow: configuration.driftWindow)
    let reloader = ModelReloader(
        loader: ModelLoader(configuration: configuration), store: store, metrics: metrics, refresh: configuration.modelRefresh,
        waitForModel: configuration.waitForModel, logger: logger
    )
    let budget = ConnectionBudget(limit: configuration.maxConnections, metrics: metrics, logger: logger)
    let limits = GuardedHTTP1Channel.Limits(
        requestTimeout: configuration.requestTimeout, idleTimeout: configuration.idleTimeout, maxBodyBytes: configuration.maxBatchBodyBytes
    )
    let shadow = configuration.shadowModel.map { source in
        ShadowScorer(
            loader: ModelLoader(source: source, expectedSHA256: nil, configuration: configuration),
            sampleRate: configuration.shadowSampleRate, metrics: metrics, logger: logger
        )
    }
    var application = Application(
        router: buildRouter(store: store, metrics: metrics, shadow: shadow, configuration: configuration),
        server: HTTPServerBuilder { responder in
            GuardedHTTP1Channel(responder: responder, limits: limits, budget: budget, metrics: metrics, isDraining: { store.isDraining })
        },
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: logger
    )
    application.addServices(reloader)
    if let shadow { application.addServices(shadow) }
    return PredictionServer(
        application: application, store: store, reloader: reloader, metrics: metrics, budget: budget, configuration: configuration
    )
}

/// The router of the service: observation outermost (it sees every final
/// status), then the JSON error shape, then the contract's routes.
func buildRouter(
    store: ModelStore, metrics: ServiceMetrics, shadow: ShadowScorer? = nil, configuration: ServiceConfiguration
) -> Router<BasicRequestContext> {
    let router = Router()
    router.middlewares.add(RequestObservationMiddleware(metrics: metrics))
    router.middlewares.add(JSONErrorMiddleware(maxBodyBytes: configuration.maxBodyBytes))
    RouteTable(
        prediction: PredictionRoutes(store: store, metrics: metrics, configuration: configuration, shadow: shadow),
        operational: OperationalRoutes(store: store, metrics: metrics, version: configuration.version)
    ).register(on: router)
    return router
}

extension PredictionServer {
    /// Runs the service until SIGTERM or SIGINT, then drains (see `DrainService`):
    /// `/readyz` turns 503 at once, requests are still answered for the drain,
    /// and the process exits 0 within drain + grace.
    public func run(logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: application),
                .init(service: DrainService(store: store, budget: budget, drain: configuration.drain, grace: configuration.shutdownGrace, logger: logger)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
    }
}
