
/// Sends `POST /api/american` at a fixed rate and records every outcome, for
/// measuring rollouts: requests are launched on schedule even while earlier
/// ones are still waiting, so a hanging server shows up as failures at the
/// times they were due rather than as one long, silent gap.
public struct Watcher: Sendable {
    /// When to stop watching.
    public struct StopCondition: Sendable {
        /// Stop after this long (nil = no limit).
        public var duration: Duration?
        /// Stop once this version (or model date) has answered alone for `stableFor`.
        public var untilVersion: String?
        public var stableFor: Duration = .seconds(2)
        /// Checked every tick: lets Ctrl-C end the watch cleanly.
        public var interrupted: @Sendable () -> Bool = { false }

        /// Creates a stop condition.
        public init(duration: Duration?, untilVersion: String?, interrupted: @escaping @Sendable () -> Bool = { false }) {
            self.duration = duration
            self.untilVersion = untilVersion
            self.interrupted = interrupted
        }
    }

    let client: PredictionClient
    let interval: Duration
    let text: String

    /// Creates a watcher sending `text` every `interval`.
    public init(client: PredictionClient, interval: Duration, text: String = "Watching the rollout from New York #covid19") {
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
                let elapsed = interval * tick
                try? await clock.sleep(until: start + elapsed)
                if stop.interrupted() || (stop.duration.map { elapsed >= $0 } ?? false)
                    || (stop.untilVersion.map { Self.stable(samples.all, version: $0, for: stop.stableFor, now: elapsed) } ?? false) {
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
        return samples.all.sorted { $0.offset < $1.offset }
    }

    private func probe(at offset: Duration) async -> WatchSample {
        let started = ContinuousClock.now
        do {
            let answer = try await client.predict(text)
            return WatchSample(offset: offset, outcome: .answered(answer.servedBy), latency: ContinuousClock.now - started)
        } catch {
            return WatchSample(offset: offset, outcome: .failed(kind: error.kind), latency: ContinuousClock.now - started)
        }
    }

    /// Whether `version` (a version or a model date) has answered every sample of the last `window`.
    static func stable(_ samples: [WatchSample], version: String, for window: Duration, now: Duration) -> Bool {
        let matches = { (sample: WatchSample) in sample.servedBy?.matches(version) == true }
        guard let first = samples.filter(matches).map(\.offset).min(), now - first >= window else { return false }
        let recent = samples.filter { $0.offset >= now - window }
        return !recent.isEmpty && recent.allSatisfy(matches)
    }
}
