/// How well predicted probabilities match observed frequencies: the figures
/// behind a reliability diagram, the expected calibration error and the Brier score.
public struct ReliabilityCurve: Sendable, Equatable {
    /// One equal-width bin of predicted probability.
    public struct Bin: Sendable, Equatable {
        /// The bin's probability range, `lower ..< upper` (the last bin includes 1).
        public let lower: Double
        public let upper: Double
        /// Predictions that fell in the bin.
        public let count: Int
        /// Their mean predicted probability of "American" (0 when empty).
        public let meanPredicted: Double
        /// The share of them that were American (0 when empty).
        public let observed: Double
    }

    /// The bins, lowest probabilities first.
    public let bins: [Bin]
    /// `Σ (nᵦ/N)·|observedᵦ − meanPredictedᵦ|` over the bins.
    public let expectedCalibrationError: Double
    /// Mean squared difference between probability and outcome (0 or 1).
    public let brierScore: Double

    /// Bins `probabilities` of "American" against the true labels into `binCount` equal-width bins.
    public init(labels: [Label], probabilities: [Double], binCount: Int = 10) {
        var counts = [Int](repeating: 0, count: binCount)
        var predicted = [Double](repeating: 0, count: binCount)
        var positives = [Double](repeating: 0, count: binCount)
        var squaredError = 0.0
        for (label, p) in zip(labels, probabilities) {
            let bin = min(binCount - 1, max(0, Int(p * Double(binCount))))
            let outcome = label == .american ? 1.0 : 0.0
            counts[bin] += 1
            predicted[bin] += p
            positives[bin] += outcome
            squaredError += (p - outcome) * (p - outcome)
        }
        let total = Double(max(1, labels.count))
        bins = (0..<binCount).map { k in
            let n = Double(max(1, counts[k]))
            return Bin(lower: Double(k) / Double(binCount), upper: Double(k + 1) / Double(binCount), count: counts[k],
                       meanPredicted: predicted[k] / n, observed: positives[k] / n)
        }
        expectedCalibrationError = bins.reduce(0) { $0 + Double($1.count) / total * abs($1.observed - $1.meanPredicted) }
        brierScore = squaredError / total
    }
}
