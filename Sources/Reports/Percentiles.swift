/// Percentiles of sorted samples by linear interpolation (numpy's default),
/// shared by every report that quotes p50/p90/p99.
public enum Percentiles {
    /// The `q` quantile (0...1) of `sorted`, 0 when empty.
    public static func value(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(sorted.count - 1, lower + 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
