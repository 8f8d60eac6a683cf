/// Tweets counted per drift bin (`DriftReference`'s tenths): the predicted
/// probability of each, and its unknown-word rate when it has tokens.
///
/// The server keeps one per slice of its sliding window, and `american score`
/// one for a whole CSV, so both compute the very same score.
public struct DriftCounts: Sendable, Equatable {
    /// Tweets per tenth of predicted probability.
    public private(set) var probability = [Int](repeating: 0, count: DriftReference.binCount)
    /// Tweets per tenth of unknown-word rate (tweets without tokens left out).
    public private(set) var unknownWords = [Int](repeating: 0, count: DriftReference.binCount)

    /// Empty counts.
    public init() {}

    /// Counts one assessed tweet.
    public mutating func add(_ assessment: Assessment) {
        probability[DriftReference.bin(assessment.prediction.probability)] += 1
        if let share = assessment.input?.unknownShare { unknownWords[DriftReference.bin(share)] += 1 }
    }

    /// Adds another set of counts to these.
    public mutating func add(_ other: DriftCounts) {
        for bin in probability.indices {
            probability[bin] += other.probability[bin]
            unknownWords[bin] += other.unknownWords[bin]
        }
    }

    /// Tweets counted.
    public var tweets: Int { probability.reduce(0, +) }

    /// The PSI of each signal against `reference`; a signal with fewer than
    /// `minimum` tweets, or without a reference distribution, gets nil.
    public func scores(against reference: DriftReference, minimum: Int = 1) -> DriftScores {
        func psi(_ expected: [Double]?, _ observed: [Int]) -> Double? {
            guard let expected, observed.reduce(0, +) >= max(1, minimum) else { return nil }
            return PopulationStability.index(expected: expected, observed: observed)
        }
        return DriftScores(probability: psi(reference.probability, probability), unknownWords: psi(reference.unknownWords, unknownWords))
    }
}
