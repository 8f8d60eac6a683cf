import Atomics

/// A Prometheus histogram of request latency whose observations are lock-free.
///
/// swift-prometheus's histogram takes a lock for every observation; with the
/// server's threads sharing few cores, a thread preempted while holding it
/// made other requests wait a whole scheduler slice (tens of milliseconds at
/// p99). Here each bucket, the count and the sum are independent atomics, so
/// recording is a handful of relaxed increments. Buckets are stored
/// non-cumulatively and summed when `/metrics` is rendered.
final class LatencyHistogram: Sendable {
    /// Upper bounds in seconds (the `le` labels), ascending.
    static let bounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

    private let buckets = (0...LatencyHistogram.bounds.count).map { _ in ManagedAtomic<Int>(0) }
    private let sumNanoseconds = ManagedAtomic<Int>(0)

    /// Records one request's duration.
    func record(_ duration: Duration) {
        let nanoseconds = Int(duration.components.seconds) * 1_000_000_000 + Int(duration.components.attoseconds / 1_000_000_000)
        let seconds = Double(nanoseconds) / 1e9
        let index = Self.bounds.firstIndex { seconds <= $0 } ?? Self.bounds.count
        buckets[index].wrappingIncrement(ordering: .relaxed)
        sumNanoseconds.wrappingIncrement(by: nanoseconds, ordering: .relaxed)
    }

    /// The Prometheus text lines (`_bucket`, `_sum`, `_count`) for `name` with the label `route`.
    func exposition(name: String, route: String) -> String {
        var lines: [String] = []
        var cumulative = 0
        for (index, bound) in Self.bounds.enumerated() {
            cumulative += buckets[index].load(ordering: .relaxed)
            lines.append("\(name)_bucket{route=\"\(route)\",le=\"\(bound)\"} \(cumulative)")
        }
        cumulative += buckets[Self.bounds.count].load(ordering: .relaxed)
        lines.append("\(name)_bucket{route=\"\(route)\",le=\"+Inf\"} \(cumulative)")
        lines.append("\(name)_sum{route=\"\(route)\"} \(Double(sumNanoseconds.load(ordering: .relaxed)) / 1e9)")
        lines.append("\(name)_count{route=\"\(route)\"} \(cumulative)")
        return lines.joined(separator: "\n") + "\n"
    }
}
