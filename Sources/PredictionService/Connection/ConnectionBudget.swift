import Logging
import NIOCore
import Synchronization

/// A cap on open client connections that keeps room for well-behaved clients.
///
/// Without it, idle connections (sent nothing, or kept alive and forgotten)
/// can use up the process's file descriptors, and then nobody is served. At
/// the cap, the connection idle the longest is closed to make room for the
/// new one, so a flood of idle sockets cannot keep a real request waiting in
/// the backlog; only when every connection is busy is the newcomer refused.
/// The drain uses the same registry to close idle keep-alive connections.
final class ConnectionBudget: Sendable {
    /// Most connections open at once.
    let limit: Int
    private let metrics: ServiceMetrics
    private let logger: Logger
    private let connections = Mutex<[ObjectIdentifier: ConnectionTracker]>([:])
    private let lastWarning = Mutex<ContinuousClock.Instant?>(nil)

    /// A budget of `limit` connections.
    init(limit: Int, metrics: ServiceMetrics, logger: Logger) {
        self.limit = max(1, limit)
        self.metrics = metrics
        self.logger = logger
    }

    /// Registers a new connection, closing the longest-idle one (or, when all are
    /// busy, the new one) when this goes over the limit; forgets it when it closes.
    func admit(_ tracker: ConnectionTracker) {
        let id = ObjectIdentifier(tracker)
        let evicted: ConnectionTracker? = connections.withLock { open in
            open[id] = tracker
            guard open.count > limit else { return nil }
            let idle = open.values.compactMap { other in other === tracker ? nil : other.idleFor.map { (other, $0) } }
            let victim = idle.max { $0.1 < $1.1 }?.0 ?? tracker
            open[ObjectIdentifier(victim)] = nil
            return victim
        }
        tracker.channel.closeFuture.whenComplete { [self] _ in
            _ = connections.withLock { $0.removeValue(forKey: id) }
        }
        guard let evicted else { return }
        metrics.connectionEvicted(refused: evicted === tracker)
        warn(refused: evicted === tracker)
        evicted.close()
    }

    /// Closes every connection idle for at least `minimum` (the drain calls this);
    /// returns how many it closed.
    @discardableResult
    func closeIdle(minimum: Duration) -> Int {
        let idle = connections.withLock { open in open.values.filter { $0.idleFor.map { $0 >= minimum } ?? false } }
        idle.forEach { $0.close() }
        return idle.count
    }

    /// Connections open now.
    var openCount: Int {
        connections.withLock { $0.count }
    }

    /// One warning line per second at most, however hard the cap is hit.
    private func warn(refused: Bool) {
        let now = ContinuousClock.now
        let due = lastWarning.withLock { last -> Bool in
            guard last.map({ now - $0 >= .seconds(1) }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        logger.warning("connection limit reached", metadata: [
            "limit": "\(limit)", "action": "\(refused ? "refused the new connection (all busy)" : "closed the longest-idle connection")",
        ])
    }
}
