import Foundation
import Synchronization

/// Sends `POST /api/american` at a fixed rate and records every outcome, for
/// measuring rollouts: requests are launched on schedule even while earlier
/// ones are still waiting, so a hanging server shows up as failures at the
/// times they were due rather than as one long, silent gap.
public struct Watcher: Sendable {
    /// When to stop watching.
    public struct StopCondition: Sendable {
        /// Stop after this many seconds (nil = no limit).
        public var duration: Double?
        /// Stop once this version (or model date) has answered alone for `stableSeconds`.
        public var untilVersion: String?
        public var stableSeconds: Double = 2
        /// Checked every tick: lets Ctrl-C end the watch cleanly.
        public var interrupted: @Sendable () -> Bool = { false }

        /// Creates a stop condition.
        public init(duration: Double?, untilVersion: String?, interrupted: @escaping @Sendable () -> Bool = { false }) {
            self.duration = duration
            self.untilVersion = untilVersion
            self.interrupted = interrupted
        }
    }

    let client: PredictionClient
    let interval: Double
    let text: String

    /// Creates a watcher sending `text` every `interval` seconds.
    public init(client: PredictionClient, interval: Double, text: String = "Watching the rollout from New York #covid19") {
        self.client = client
        self.interval = interval
        self.text = text
    }

    /// Watches until `stop` says so; `onSample` hears each sample as it completes.
    /// Returns the samples in schedule order.
    public func run(until stop: StopCondition, onSample: @escaping @Sendable (WatchSample) -> Void = { _ in }) async -> [WatchSample] {
        let samples = SampleLog()
        let clock = ContinuousClock()
        let start = clock.now
        await withTaskGroup(of: Void.self) { group in
            var tick = 0
            while true {
                let due = start.advanced(by: .milliseconds(Int64(Double(tick) * interval * 1000)))
                try? await clock.sleep(until: due)
                let elapsed = Double(tick) * interval
                if stop.interrupted() || (stop.duration.map { elapsed >= $0 } ?? false)
                    || (stop.untilVersion.map { Self.stable(samples.all, version: $0, for: stop.stableSeconds, now: elapsed) } ?? false) {
                    break
                }
                group.addTask {
                    let sample = await probe(at: elapsed)
                    samples.append(sample)
                    onSample(sample)
                }
                tick += 1
            }
        }
        return samples.all.sorted { $0.time < $1.time }
    }

    private func probe(at time: Double) async -> WatchSample {
        let started = ContinuousClock.now
        func elapsedMs() -> Double {
            let elapsed = ContinuousClock.now - started
            return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }
        do {
            let answer = try await client.predict(text)
            return .answered(at: time, version: answer.version, modelDate: answer.modelDate, latencyMs: elapsedMs())
        } catch {
            return .failed(at: time, kind: error.kind, latencyMs: elapsedMs())
        }
    }

    /// Whether `version` (a version or a model date) has answered every sample of the last `seconds`.
    static func stable(_ samples: [WatchSample], version: String, for seconds: Double, now: Double) -> Bool {
        let matches = { (sample: WatchSample) in
            sample.version == version || sample.servedBy?.hasSuffix("|\(version)") == true
        }
        guard let first = samples.filter(matches).map(\.time).min(), now - first >= seconds else { return false }
        let recent = samples.filter { $0.time >= now - seconds }
        return !recent.isEmpty && recent.allSatisfy(matches)
    }
}

/// Samples collected by concurrent probes; a lock is fine here (the client side, once per request).
private final class SampleLog: Sendable {
    private let samples = Mutex<[WatchSample]>([])

    func append(_ sample: WatchSample) {
        samples.withLock { $0.append(sample) }
    }

    var all: [WatchSample] {
        samples.withLock { $0 }
    }
}
