import Foundation
import Reports

/// What a watch saw of a rollout: when the new version first answered, how
/// long old and new answered side by side, and every stretch of failures.
///
/// "Old" is whatever answered first; "new" is the last thing that answered.
/// An outage is a run of failed samples; it lasts from the first failure to
/// the next success (or the end of the watch).
public struct RolloutAnalysis: Sendable {
    /// Failures in a row, as (start, end) in watch seconds.
    public let outages: [(start: Double, end: Double)]
    /// The first and the last `version|model_date` that answered.
    public let oldVersion: String?
    public let newVersion: String?
    /// When the new version first and the old version last answered (nil when nothing changed).
    public let firstNew: Double?
    public let lastOld: Double?
    /// Requests sent and failed.
    public let requests: Int
    public let failures: Int
    /// Latency percentiles (ms) before, during and after the change.
    public let latencyBefore: [Double]
    public let latencyDuring: [Double]
    public let latencyAfter: [Double]

    /// Analyses samples in time order.
    public init(_ samples: [WatchSample]) {
        let answered = samples.filter { $0.servedBy != nil }
        let old = answered.first?.servedBy, new = answered.last?.servedBy
        oldVersion = old
        newVersion = new
        firstNew = old != new ? answered.first { $0.servedBy == new }?.time : nil
        lastOld = old != new ? answered.last { $0.servedBy == old }?.time : nil
        requests = samples.count
        failures = samples.count - answered.count
        var outages: [(start: Double, end: Double)] = []
        var start: Double?
        for sample in samples {
            if sample.failure != nil, start == nil { start = sample.time }
            if sample.failure == nil, let began = start {
                outages.append((began, sample.time))
                start = nil
            }
        }
        if let start { outages.append((start, samples.last!.time)) }
        self.outages = outages
        let firstNew = firstNew ?? .infinity
        let lastOld = max(lastOld ?? -.infinity, firstNew)
        func latencies(_ include: (Double) -> Bool) -> [Double] {
            answered.filter { include($0.time) }.map(\.latencyMs).sorted()
        }
        latencyBefore = latencies { $0 < firstNew }
        latencyDuring = latencies { $0 >= firstNew && $0 <= lastOld }
        latencyAfter = latencies { $0 > lastOld }
    }

    /// The longest outage in seconds (0 when none).
    public var longestOutage: Double { outages.map { $0.end - $0.start }.max() ?? 0 }
    /// All outages added up, in seconds.
    public var totalUnavailable: Double { outages.reduce(0) { $0 + $1.end - $1.start } }
    /// How long both versions answered, in seconds.
    public var mixedWindow: Double {
        guard let firstNew, let lastOld else { return 0 }
        return max(0, lastOld - firstNew)
    }

    /// The report as plain lines; `since` is the offset (s) of `--since` from the watch start.
    public func text(since: Double?) -> String {
        func latency(_ values: [Double]) -> String {
            values.isEmpty ? "n/a" : String(format: "p50 %.2f ms, p99 %.2f ms (%d)", Percentiles.value(values, 0.5), Percentiles.value(values, 0.99), values.count)
        }
        var lines = [
            "requests:          \(requests) sent, \(failures) failed",
            "first version:     \(oldVersion ?? "none answered")",
            "last version:      \(newVersion ?? "none answered")",
        ]
        if let firstNew {
            lines.append(String(format: "new version first: %.3f s after the watch started", firstNew))
            if let since { lines.append(String(format: "time to new:       %.3f s after --since", firstNew - since)) }
            lines.append(String(format: "mixed window:      %.3f s (both versions answering)", mixedWindow))
        } else {
            lines.append("new version first: no change seen")
        }
        lines.append("failed requests:   \(failures)")
        lines.append(String(format: "longest outage:    %.3f s", longestOutage))
        lines.append(String(format: "total unavailable: %.3f s in %d outage(s)", totalUnavailable, outages.count))
        lines.append("latency before:    " + latency(latencyBefore))
        lines.append("latency during:    " + latency(latencyDuring))
        lines.append("latency after:     " + latency(latencyAfter))
        return lines.joined(separator: "\n")
    }
}
