import Atomics

/// A Prometheus histogram whose observations are lock-free.
///
/// swift-prometheus's histogram takes a lock for every observation; with the
/// server's threads sharing few cores, a thread preempted while holding it
/// made other requests wait a whole scheduler slice (tens of milliseconds at
/// p99). Here each bucket, the count and the sum are independent atomics, so
/// recording is a handful of relaxed increments and no allocation. Buckets are
/// stored non-cumulatively and summed when `/metrics` is rendered.
final class AtomicHistogram: Sendable {
    /// Upper bounds of the buckets (the `le` labels), ascending.
    let bounds: [Double]
    private let buckets: [ManagedAtomic<Int>]
    /// The sum, in steps of `resolution` (nanoseconds for seconds), so it stays an integer atomic.
    private let sum = ManagedAtomic<Int>(0)
    /// The unit of `sum`: a billionth for fractional values, 1 for counts (whose sum must not overflow).
    private let resolution: Double

    /// Request latency in seconds: 100 µs to 1 s.
    static let latencyBounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

    /// Tokens per tweet: one word to a long thread.
    static let tokenBounds: [Double] = [1, 2, 5, 10, 15, 20, 30, 50, 100]

    /// A histogram with `bounds` as its buckets' upper bounds, summing in steps of `resolution`.
    init(bounds: [Double], resolution: Double = 1e-9) {
        self.bounds = bounds
        self.resolution = resolution
        self.buckets = (0...bounds.count).map { _ in ManagedAtomic<Int>(0) }
    }

    /// Records one observation.
    func record(_ value: Double) {
        let index = bounds.firstIndex { value <= $0 } ?? bounds.count
        buckets[index].wrappingIncrement(ordering: .relaxed)
        sum.wrappingIncrement(by: Int((value / resolution).rounded()), ordering: .relaxed)
    }

    /// Records one duration, in seconds.
    func record(_ duration: Duration) {
        record(duration / .seconds(1))
    }

    /// The Prometheus text lines (`_bucket`, `_sum`, `_count`) for `name`, with `labels` (`route="predict"`) on each.
    func exposition(name: String, labels: String = "") -> String {
        let prefix = labels.isEmpty ? "" : labels + ","
        let braces = labels.isEmpty ? "" : "{\(labels)}"
        var lines: [String] = []
        var cumulative = 0
        for (index, bound) in bounds.enumerated() {
            cumulative += buckets[index].load(ordering: .relaxed)
            lines.append("\(name)_bucket{\(prefix)le=\"\(bound)\"} \(cumulative)")
        }
        cumulative += buckets[bounds.count].load(ordering: .relaxed)
        lines.append("\(name)_bucket{\(prefix)le=\"+Inf\"} \(cumulative)")
        lines.append("\(name)_sum\(braces) \(Double(sum.load(ordering: .relaxed)) * resolution)")
        lines.append("\(name)_count\(braces) \(cumulative)")
        return lines.joined(separator: "\n") + "\n"
    }
}
