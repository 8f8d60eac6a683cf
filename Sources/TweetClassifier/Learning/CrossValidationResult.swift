#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How one grid point did in cross-validation.
public struct CrossValidationResult: Sendable, Equatable {
    public let point: GridPoint
    /// Accuracy on each fold's held-out rows of the reference source.
    public let foldAccuracies: [Double]
    /// Each row's decision value from the fold that held it out.
    public let outOfFoldDecisions: [Double]

    /// Mean of the fold accuracies.
    public var meanAccuracy: Double { foldAccuracies.reduce(0, +) / Double(max(1, foldAccuracies.count)) }

    /// Sample standard deviation of the fold accuracies (0 for one fold).
    public var standardDeviation: Double {
        guard foldAccuracies.count > 1 else { return 0 }
        let mean = meanAccuracy
        return (foldAccuracies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(foldAccuracies.count - 1)).squareRoot()
    }
}
