/// The expected calibration error that a perfectly calibrated model would
/// show on the same probabilities: how far from 0 a measured ECE can be by
/// chance alone.
///
/// ECE over a few hundred tweets per bin is never 0: a bin's observed share
/// of Americans scatters around its mean probability even when every
/// probability is exact. Drawing each tweet's label with its own predicted
/// probability, many times, gives that scatter's distribution, so a reader
/// can tell a miscalibrated model from a small test set. The draws come from
/// a fixed seed: the same probabilities always give the same figures.
public struct CalibrationNoiseFloor: Sendable, Equatable {
    /// The mean ECE over the draws.
    public let mean: Double
    /// The 90th percentile of the draws' ECE (nearest rank: 90 % of the draws
    /// are at most this): a measured ECE above it comes one time in ten at
    /// most from a perfectly calibrated model.
    public let upper: Double
    /// How many label sets were drawn.
    public let draws: Int

    /// Simulates `draws` label sets for `probabilities` of "American" and
    /// measures each one's ECE over `binCount` equal-width bins (as `ReliabilityCurve`).
    public init(probabilities: [Double], binCount: Int = 10, draws: Int = 2_000, seed: UInt64 = 2026) {
        var random = SplitMix64(seed: seed)
        var errors = (0..<max(1, draws)).map { _ in
            let labels = probabilities.map { p in Double(random.next() >> 11) * 0x1p-53 < p ? Label.american : .notAmerican }
            return ReliabilityCurve(labels: labels, probabilities: probabilities, binCount: binCount).expectedCalibrationError
        }
        errors.sort()
        self.mean = errors.reduce(0, +) / Double(errors.count)
        self.upper = errors[(errors.count * 9 + 9) / 10 - 1]
        self.draws = errors.count
    }
}
