#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// L2-regularised logistic regression, fitted by L-BFGS.
///
/// Minimises `C * Σ logloss + ½‖w‖²` (the intercept is not penalised), the
/// objective of scikit-learn's `LogisticRegression(C=…)`. The optimiser is
/// deterministic: rows are visited in order and there is no randomness, so
/// the same data and settings always give the same model file.
public struct LogisticRegression: Codable, Sendable, Equatable {
    /// Inverse regularisation strength.
    public let c: Double
    /// One coefficient per vocabulary column.
    public let coefficients: [Double]
    /// The unpenalised intercept.
    public let intercept: Double

    /// Creates a model from stored parameters.
    public init(c: Double, coefficients: [Double], intercept: Double) {
        self.c = c
        self.coefficients = coefficients
        self.intercept = intercept
    }

    /// The decision function.
    public var scorer: LinearScorer {
        LinearScorer(weights: coefficients, bias: intercept)
    }

    /// Fits on feature vectors with their labels over `featureCount` columns.
    public static func fit(
        _ rows: [SparseVector], labels: [Label], featureCount: Int, c: Double,
        maxIterations: Int = 500, tolerance: Double = 1e-5
    ) -> LogisticRegression {
        let objective = Objective(rows: rows, labels: labels.map { Double($0.rawValue) }, c: c, featureCount: featureCount)
        var optimizer = LBFGS(dimension: featureCount + 1)
        let theta = optimizer.minimize(objective.valueAndGradient, maxIterations: maxIterations, tolerance: tolerance)
        return LogisticRegression(c: c, coefficients: Array(theta[0..<featureCount]), intercept: theta[featureCount])
    }

    enum CodingKeys: String, CodingKey {
        case c
        case coefficients
        case intercept
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        c = try container.decode(Double.self, forKey: .c)
        coefficients = try container.decodePacked(forKey: .coefficients)
        intercept = try container.decode(Double.self, forKey: .intercept)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(c, forKey: .c)
        try container.encodePacked(coefficients, forKey: .coefficients)
        try container.encode(intercept, forKey: .intercept)
    }
}

/// The regularised log-loss and its gradient; the last parameter is the intercept.
private struct Objective {
    let rows: [SparseVector]
    let labels: [Double]
    let c: Double
    let featureCount: Int

    func valueAndGradient(_ theta: [Double]) -> (Double, [Double]) {
        var gradient = [Double](repeating: 0, count: theta.count)
        var loss = 0.0
        let bias = theta[featureCount]
        for (row, y) in zip(rows, labels) {
            var z = bias
            for k in row.indices.indices {
                z += row.values[k] * theta[Int(row.indices[k])]
            }
            loss += max(z, 0) + log1p(exp(-abs(z))) - y * z
            let residual = c * (LinearScorer.sigmoid(z) - y)
            for k in row.indices.indices {
                gradient[Int(row.indices[k])] += residual * row.values[k]
            }
            gradient[featureCount] += residual
        }
        var penalty = 0.0
        for j in 0..<featureCount {
            penalty += theta[j] * theta[j]
            gradient[j] += theta[j]
        }
        return (c * loss + 0.5 * penalty, gradient)
    }
}
