#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Reports

/// What a watch saw of a rollout: when the new version first answered, how
/// long old and new answered side by side, and every stretch of failures.
///
/// "Old" is whatever answered first; "new" is the last thing that answered.
/// An outage is a run of failed samples; it lasts from the first failure to
/// the next success (or the end of the watch).
public struct RolloutAnalysis: Sendable {
    /// Failures in a row, each from its first failure to the next success.
    public let outages: [Range<Duration>]
    /// What answered first and last.
    public let oldVersion: ServedBy?
    public let newVersion: ServedBy?
    /// When the new version first and the old version last answered (nil when nothing changed).
    public let firstNew: Duration?
    public let lastOld: Duration?
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
        firstNew = old != new ? answered.first { $0.servedBy == new }?.offset : nil
        lastOld = old != new ? answered.last { $0.servedBy == old }?.offset : nil
        requests = samples.count
        failures = samples.count - answered.count
        var outages: [Range<Duration>] = []
        var start: Duration?
        for sample in samples {
            if sample.failure != nil, start == nil { start = sample.offset }
            if sample.failure == nil, let began = start {
                outages.append(began..<sample.offset)
                start = nil
            }
        }
        if let start, let last = samples.last { outages.append(start..<max(start, last.offset)) }
        self.outages = outages
        let changedAt = firstNew ?? .seconds(Int64.max)
        let changedUntil = max(lastOld ?? .zero, changedAt)
        func latencies(_ include: (Duration) -> Bool) -> [Double] {
            answered.filter { include($0.offset) }.map(\.latency.milliseconds).sorted()
        }
        latencyBefore = latencies { $0 < changedAt }
        latencyDuring = latencies { $0 >= changedAt && $0 <= changedUntil }
        latencyAfter = latencies { $0 > changedUntil }
    }

    /// The longest outage (zero when none).
    public var longestOutage: Duration { outages.map { $0.upperBound - $0.lowerBound }.max() ?? .zero }
    /// All outages added up.
    public var totalUnavailable: Duration { outages.reduce(.zero) { $0 + ($1.upperBound - $1.lowerBound) } }
    /// How long both versions answered.
    public var mixedWindow: Duration {
        guard let firstNew, let lastOld else { return .zero }
        return max(.zero, lastOld - firstNew)
    }

    /// The report as plain lines; `since` is the offset of `--since` from the watch start.
    public func text(since: Duration?) -> String {
        func latency(_ values: [Double]) -> String {
            values.isEmpty ? "n/a" : "p50 \(Fixed.format(Percentiles.value(values, 0.5), digits: 2)) ms, p99 \(Fixed.format(Percentiles.value(values, 0.99), digits: 2)) ms (\(values.count))"
        }
        var lines = [
            "requests:          \(requests) sent, \(failures) failed",
            "first version:     \(oldVersion?.description ?? "none answered")",
            "last version:      \(newVersion?.description ?? "none answered")",
        ]
        if let firstNew {
            lines.append("new version first: \(Fixed.format(firstNew.seconds, digits: 3)) s after the watch started")
            if let since { lines.append("time to new:       \(Fixed.format((firstNew - since).seconds, digits: 3)) s after --since") }
            lines.append("mixed window:      \(Fixed.format(mixedWindow.seconds, digits: 3)) s (both versions answering)")
        } else {
            lines.append("new version first: no change seen")
        }
        lines.append("failed requests:   \(failures)")
        lines.append("longest outage:    \(Fixed.format(longestOutage.seconds, digits: 3)) s")
        lines.append("total unavailable: \(Fixed.format(totalUnavailable.seconds, digits: 3)) s in \(outages.count) outage(s)")
        lines.append("latency before:    " + latency(latencyBefore))
        lines.append("latency during:    " + latency(latencyDuring))
        lines.append("latency after:     " + latency(latencyAfter))
        return lines.joined(separator: "\n")
    }
}
