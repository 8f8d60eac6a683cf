import Synchronization

/// The samples of a watch, appended by concurrent probes; a lock is fine
/// here (the client side, once per request).
final class SampleLog: Sendable {
    private let samples = Mutex<[WatchSample]>([])

    /// Adds one sample.
    func append(_ sample: WatchSample) {
        samples.withLock { $0.append(sample) }
    }

    /// A copy of every sample so far, in completion order.
    var all: [WatchSample] {
        samples.withLock { $0 }
    }
}
