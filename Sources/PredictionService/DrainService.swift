#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import Logging
import ServiceLifecycle
import UnixSignals

/// Turns SIGTERM into a Kubernetes-friendly drain with a bounded end.
///
/// Placed after the HTTP server in the service group, it is the first to hear
/// of a graceful shutdown. It marks the store as draining (`/readyz` answers
/// 503, so the pod leaves the Service's endpoints; every answer now carries
/// `Connection: close`, so keep-alive clients reconnect elsewhere), closes
/// idle keep-alive connections, keeps serving for `drain`, and then returns,
/// letting the group stop the server, which finishes the requests in flight.
///
/// Whatever clients do, the process exits 0 by `drain + grace`; a second
/// SIGTERM or SIGINT exits at once. Without a model there is nobody to drain
/// for, so the drain is skipped.
struct DrainService: Service {
    let store: ModelStore
    let budget: ConnectionBudget
    let drain: Duration
    let grace: Duration
    let logger: Logger

    /// How long a keep-alive connection must have been idle for the drain to close it:
    /// one in use now gets `Connection: close` on its next answer instead, so a request
    /// already on its way is never cut.
    static let idleBeforeClose = Duration.milliseconds(250)

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        try? await gracefulShutdown()
        store.beginDraining()
        let started = ContinuousClock.now
        Task { await exitOnSecondSignal(signals) }
        Task { await exitAt(started + drain + grace) }
        guard store.model != nil else {
            logger.info("shutting down: no model was loaded, so there is nothing to drain")
            return
        }
        logger.info("draining: /readyz now answers 503 and every answer closes its connection; still serving for \(drain)", metadata: [
            "idle_connections_closed": "\(budget.closeIdle(minimum: Self.idleBeforeClose))",
        ])
        while ContinuousClock.now < started + drain {
            try? await Task.sleep(for: min(Self.idleBeforeClose, started + drain - ContinuousClock.now))
            budget.closeIdle(minimum: Self.idleBeforeClose)
        }
        logger.info("drain finished: stopping the server after in-flight requests (at most \(grace))")
    }

    /// The first signal started the drain; the next one ends the process at once.
    private func exitOnSecondSignal(_ signals: UnixSignalsSequence) async {
        var seen = 0
        for await signal in signals {
            seen += 1
            guard seen >= 2 else { continue }
            exitNow("\(signal) received again: exiting without waiting for the drain")
        }
    }

    /// Ends the process at `deadline` if it is still running then.
    private func exitAt(_ deadline: ContinuousClock.Instant) async {
        try? await Task.sleep(until: deadline, clock: .continuous)
        exitNow("drain and grace (\(drain + grace)) are over: exiting with requests still open")
    }

    private func exitNow(_ reason: String) -> Never {
        logger.warning("\(reason)", metadata: ["open_connections": "\(budget.openCount)"])
        fflush(nil)
        exit(0)
    }
}
