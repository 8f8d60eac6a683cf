#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// Platt scaling: `P(American) = σ(a·f + b)` for a decision value `f`.
///
/// An SVM's decision values are not probabilities, and even a logistic
/// regression's are over-confident once C is tuned for accuracy; a two-
/// parameter sigmoid fitted on out-of-fold decision values (never on the
/// values of rows the model was fitted on) makes "0.8" mean right 80 % of the time.
public struct PlattCalibration: Codable, Sendable, Equatable {
    /// Slope on the decision value.
    public var a: Double
    /// Offset.
    public var b: Double

    /// Creates a calibration.
    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    /// The identity: the decision value is taken as the log-odds.
    public static let identity = PlattCalibration(a: 1, b: 0)

    /// The calibrated probability of a decision value.
    public func probability(_ decision: Double) -> Double {
        LinearScorer.sigmoid(a * decision + b)
    }

    /// Fits `a` and `b` by the Newton method with backtracking of Lin, Lin and
    /// Weng 2007 ("A note on Platt's probabilistic outputs"), with Platt's
    /// smoothed targets and per-row weights.
    public static func fit(decisions: [Double], labels: [Label], weights: [Double]) -> PlattCalibration {
        let positives = zip(labels, weights).reduce(0.0) { $0 + ($1.0 == .american ? $1.1 : 0) }
        let negatives = weights.reduce(0, +) - positives
        let high = (positives + 1) / (positives + 2), low = 1 / (negatives + 2)
        let targets = labels.map { $0 == .american ? high : low }
        // Platt's convention: P = 1 / (1 + exp(A f + B)).
        var (slope, offset) = (0.0, log((negatives + 1) / (positives + 1)))
        func objective(_ slope: Double, _ offset: Double) -> Double {
            var sum = 0.0
            for i in decisions.indices {
                let z = decisions[i] * slope + offset
                sum += weights[i] * (z >= 0 ? targets[i] * z + log1p(exp(-z)) : (targets[i] - 1) * z + log1p(exp(z)))
            }
            return sum
        }
        var value = objective(slope, offset)
        for _ in 0..<100 {
            var (h11, h22, h21, g1, g2) = (1e-12, 1e-12, 0.0, 0.0, 0.0)
            for i in decisions.indices {
                let z = decisions[i] * slope + offset
                let p = LinearScorer.sigmoid(-z), q = 1 - p
                let (f, w) = (decisions[i], weights[i])
                h11 += w * f * f * p * q
                h22 += w * p * q
                h21 += w * f * p * q
                g1 += w * f * (targets[i] - p)
                g2 += w * (targets[i] - p)
            }
            if abs(g1) < 1e-5, abs(g2) < 1e-5 { break }
            let determinant = h11 * h22 - h21 * h21
            let dA = -(h22 * g1 - h21 * g2) / determinant, dB = -(-h21 * g1 + h11 * g2) / determinant
            let descent = g1 * dA + g2 * dB
            var step = 1.0
            while step >= 1e-10 {
                let candidate = objective(slope + step * dA, offset + step * dB)
                if candidate < value + 1e-4 * step * descent {
                    (slope, offset, value) = (slope + step * dA, offset + step * dB, candidate)
                    break
                }
                step /= 2
            }
            if step < 1e-10 { break }
        }
        return PlattCalibration(a: -slope, b: -offset)
    }
}
