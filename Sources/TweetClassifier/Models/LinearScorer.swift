#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// The decision function of the vocabulary kinds at prediction time:
/// `logit = bias + w · x`, `P(American) = 1 / (1 + e^(-logit))`.
///
/// A two-class Multinomial Naive Bayes is linear in log space (its weights are
/// the differences of the two classes' feature log-probabilities), and so is
/// logistic regression; serving both through this one type keeps the hot path
/// a single sparse dot product and makes per-term explanations exact. (The
/// hashed kinds compute the same kind of function in one pass, `HashedScorer`.)
public struct LinearScorer: Sendable {
    /// One weight per vocabulary column.
    public let weights: [Double]
    /// The intercept (for Naive Bayes, the difference of class log-priors).
    public let bias: Double

    /// Creates a scorer.
    public init(weights: [Double], bias: Double) {
        self.weights = weights
        self.bias = bias
    }

    /// The log-odds that the author is American.
    @inline(__always)
    public func logit(_ x: SparseVector) -> Double {
        bias + x.dot(weights)
    }

    /// Each present feature's share of the logit: `x_i * w_i`.
    public func contributions(_ x: SparseVector) -> [(column: Int32, value: Double)] {
        zip(x.indices, x.values).map { ($0, $1 * weights[Int($0)]) }
    }

    /// The logistic function, written to stay finite for large |z|.
    public static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }
}
