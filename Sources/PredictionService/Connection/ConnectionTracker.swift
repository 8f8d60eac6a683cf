import Atomics
import NIOCore

/// One client connection as the connection budget and the drain see it:
/// whether a request is in progress on it, and since when it has been idle.
///
/// Written by the connection's own handlers (on its event loop) and read by
/// the budget from any thread, hence the atomics.
final class ConnectionTracker: Sendable {
    /// The connection.
    let channel: any Channel
    private let requestsInProgress = ManagedAtomic<Int>(0)
    private let idleSinceNanoseconds = ManagedAtomic<Int64>(ConnectionTracker.now())

    /// Tracks `channel`, idle from now.
    init(channel: any Channel) {
        self.channel = channel
    }

    /// A request head arrived.
    func requestStarted() {
        requestsInProgress.wrappingIncrement(ordering: .relaxed)
    }

    /// A response was written in full.
    func responseFinished() {
        idleSinceNanoseconds.store(Self.now(), ordering: .relaxed)
        requestsInProgress.wrappingDecrement(ordering: .relaxed)
    }

    /// How long the connection has had no request in progress; nil while one is.
    var idleFor: Duration? {
        guard requestsInProgress.load(ordering: .relaxed) <= 0 else { return nil }
        return .nanoseconds(Self.now() - idleSinceNanoseconds.load(ordering: .relaxed))
    }

    /// Closes the connection (safe from any thread).
    func close() {
        channel.close(promise: nil)
    }

    private static func now() -> Int64 {
        Int64((ContinuousClock.now - Self.epoch) / .nanoseconds(1))
    }

    private static let epoch = ContinuousClock.now
}
