import Glibc

/// The population stability index (PSI): how far a binned distribution has
/// moved from a reference, `Σ (observed − expected) · ln(observed / expected)`
/// over the bins.
///
/// It is the drift score credit-risk teams and MLOps tools (Evidently,
/// SageMaker Model Monitor) use, with the usual reading: below 0.1 no real
/// change, 0.1 to 0.25 a moderate one, above 0.25 a large one. Empty bins are
/// floored at `floor` on both sides so that one empty bin does not make it infinite.
public enum PopulationStability {
    /// The smallest share a bin is given.
    public static let floor = 1e-4

    /// The PSI of `observed` counts against `expected` shares (same bins); nil without observations.
    public static func index(expected: [Double], observed: [Int]) -> Double? {
        let total = observed.reduce(0, +)
        guard total > 0 else { return nil }
        var psi = 0.0
        for (reference, count) in zip(expected, observed) {
            let e = max(reference, floor)
            let o = max(Double(count) / Double(total), floor)
            psi += (o - e) * log(o / e)
        }
        return psi
    }
}
