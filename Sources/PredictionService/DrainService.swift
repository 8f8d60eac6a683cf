import Logging
import ServiceLifecycle

/// Turns SIGTERM into a Kubernetes-friendly drain.
///
/// Placed after the HTTP server in the service group, it is the first to hear
/// of a graceful shutdown: it marks the store as draining (so `/readyz`
/// answers 503 and Kubernetes takes the pod out of its endpoints), keeps
/// the server answering for `drain`, and only then returns, letting the
/// group stop the server, which finishes the requests in flight.
public struct DrainService: Service {
    let store: ModelStore
    let drain: Duration
    let logger: Logger

    /// Creates a drain of `drain` on `store`.
    public init(store: ModelStore, drain: Duration, logger: Logger) {
        self.store = store
        self.drain = drain
        self.logger = logger
    }

    /// Waits for the shutdown signal, then drains (see the type's comment).
    public func run() async throws {
        try? await gracefulShutdown()
        store.beginDraining()
        logger.info("draining: /readyz now answers 503; still serving for \(drain)")
        try? await Task.sleep(for: drain)
        logger.info("drain finished: stopping the server after in-flight requests")
    }
}
