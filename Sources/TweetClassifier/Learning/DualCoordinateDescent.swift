#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// L2-regularised linear classifiers trained by dual coordinate descent, the
/// method of LIBLINEAR: Hsieh et al. 2008 for the L2-loss SVM, Yu, Huang and
/// Lin 2011 for logistic regression.
///
/// Minimises `½‖w‖² + Σᵢ C·sᵢ·loss(yᵢ (w·xᵢ + b))` where `sᵢ` is row i's
/// sample weight, one dual variable per row. The intercept is a constant
/// feature of value 1 and is regularised like the others, as in LIBLINEAR
/// and scikit-learn (`intercept_scaling=1`). Each epoch visits the rows in
/// an order shuffled by a seeded generator, so the same rows, settings and
/// seed give bit-identical weights; the solver is single-threaded on purpose
/// (parallel runs go across folds and grid points, never inside one fit).
public struct DualCoordinateDescent: Sendable {
    /// The loss.
    public var loss: LinearLoss
    /// Inverse regularisation strength.
    public var c: Double
    /// Stop when the projected gradient's spread (SVM) or largest magnitude (LR) falls below this (LIBLINEAR's `-e`, default 0.1).
    public var tolerance: Double
    /// Give up after this many passes over the rows.
    public var maxEpochs: Int
    /// The shuffle's seed.
    public var seed: UInt64

    /// Creates a solver. The default tolerance is ten times tighter than
    /// LIBLINEAR's 0.1 and looser than scikit-learn's 1e-4: on the hashed
    /// TF-IDF features (svm, C 0.3) our objective is within 3e-6 (relative) of `LinearSVC`'s
    /// at 1e-4 and the two disagree on one test tweet of 1,000
    /// (benchmarks/parity/issue12-linear.md).
    public init(loss: LinearLoss, c: Double, tolerance: Double = 0.01, maxEpochs: Int = 1000, seed: UInt64 = 1) {
        self.loss = loss
        self.c = c
        self.tolerance = tolerance
        self.maxEpochs = maxEpochs
        self.seed = seed
    }

    /// A fitted model: one weight per column and the intercept.
    public struct Solution: Sendable, Equatable {
        public var weights: [Double]
        public var bias: Double
        /// Passes made over the rows.
        public var epochs: Int

        /// The decision value `w·x + b` of row `row` of `matrix`.
        public func decision(_ matrix: FeatureMatrix, row: Int) -> Double {
            var sum = bias
            for k in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
                sum += Double(matrix.values[k]) * weights[Int(matrix.columns[k])]
            }
            return sum
        }
    }

    /// Fits on the rows `rows` of `matrix` with their labels and sample weights
    /// (indexed by row of `matrix`; rows of weight 0 are left out).
    public func fit(_ matrix: FeatureMatrix, rows: [Int], labels: [Label], sampleWeights: [Double]) -> Solution {
        let active = rows.filter { sampleWeights[$0] > 0 }
        var state = State(matrix: matrix, rows: active, labels: labels, costs: active.map { c * sampleWeights[$0] })
        var generator = SplitMix64(seed: seed)
        let epochs = switch loss {
        case .squaredHinge: state.solveSquaredHinge(tolerance: tolerance, maxEpochs: maxEpochs, generator: &generator)
        case .logistic: state.solveLogistic(tolerance: tolerance, maxEpochs: maxEpochs, generator: &generator)
        }
        return Solution(weights: state.w, bias: state.bias, epochs: epochs)
    }
}

/// The solver's working state: the primal weights kept equal to `Σ αᵢ yᵢ xᵢ`.
private struct State {
    let matrix: FeatureMatrix
    let rows: [Int]
    let y: [Double]
    let costs: [Double]
    /// `xᵢ·xᵢ + 1` (the constant intercept feature included).
    let squaredNorms: [Double]
    var w: [Double]
    var bias = 0.0

    init(matrix: FeatureMatrix, rows: [Int], labels: [Label], costs: [Double]) {
        self.matrix = matrix
        self.rows = rows
        self.y = rows.map { labels[$0] == .american ? 1 : -1 }
        self.costs = costs
        self.squaredNorms = rows.map { row in
            (matrix.rowStarts[row]..<matrix.rowStarts[row + 1]).reduce(1.0) { $0 + Double(matrix.values[$1] * matrix.values[$1]) }
        }
        self.w = [Double](repeating: 0, count: matrix.columnCount)
    }

    /// `w·xᵢ + b` for the i-th active row.
    @inline(__always)
    func decision(_ i: Int) -> Double {
        let row = rows[i]
        var sum = bias
        matrix.columns.withUnsafeBufferPointer { columns in
            matrix.values.withUnsafeBufferPointer { values in
                w.withUnsafeBufferPointer { w in
                    for k in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
                        sum += Double(values[k]) * w[Int(columns[k])]
                    }
                }
            }
        }
        return sum
    }

    /// `w += step·xᵢ` (and the intercept).
    @inline(__always)
    mutating func add(_ step: Double, row i: Int) {
        let row = rows[i]
        bias += step
        let (start, end) = (matrix.rowStarts[row], matrix.rowStarts[row + 1])
        matrix.columns.withUnsafeBufferPointer { columns in
            matrix.values.withUnsafeBufferPointer { values in
                w.withUnsafeMutableBufferPointer { w in
                    for k in start..<end {
                        w[Int(columns[k])] += step * Double(values[k])
                    }
                }
            }
        }
    }

    /// Hsieh et al. 2008, Algorithm 3 with shrinking (LIBLINEAR's `solve_l2r_l1l2_svc` for L2 loss).
    mutating func solveSquaredHinge(tolerance: Double, maxEpochs: Int, generator: inout SplitMix64) -> Int {
        let count = rows.count
        let diagonal = costs.map { 0.5 / $0 }
        let qd = zip(squaredNorms, diagonal).map { $0 + $1 }
        var alpha = [Double](repeating: 0, count: count)
        var order = Array(0..<count)
        var activeSize = count
        // Shrinking needs only the previous epoch's largest projected gradient: with the
        // squared hinge α has no upper bound, so LIBLINEAR's test against the smallest never applies.
        var oldMax = Double.infinity
        var epoch = 0
        while epoch < maxEpochs {
            var (newMax, newMin) = (-Double.infinity, Double.infinity)
            var active = Array(order[0..<activeSize])
            generator.shuffle(&active)
            order.replaceSubrange(0..<activeSize, with: active)
            var s = 0
            while s < activeSize {
                let i = order[s]
                let g = y[i] * decision(i) - 1 + alpha[i] * diagonal[i]
                var projected = g
                if alpha[i] == 0 {
                    if g > oldMax {
                        activeSize -= 1
                        order.swapAt(s, activeSize)
                        continue
                    }
                    projected = min(g, 0)
                }
                newMax = max(newMax, projected)
                newMin = min(newMin, projected)
                if abs(projected) > 1e-12 {
                    let previous = alpha[i]
                    alpha[i] = max(previous - g / qd[i], 0)
                    add((alpha[i] - previous) * y[i], row: i)
                }
                s += 1
            }
            epoch += 1
            if newMax - newMin <= tolerance {
                if activeSize == count { break }
                activeSize = count
                oldMax = Double.infinity
                continue
            }
            oldMax = newMax <= 0 ? Double.infinity : newMax
        }
        return epoch
    }

    /// Yu, Huang and Lin 2011, Algorithm 3 (LIBLINEAR's `solve_l2r_lr_dual`):
    /// each row's pair (αᵢ, C - αᵢ) is moved by a few Newton steps on its one-variable subproblem.
    mutating func solveLogistic(tolerance: Double, maxEpochs: Int, generator: inout SplitMix64) -> Int {
        let count = rows.count
        var alpha = [Double](repeating: 0, count: 2 * count)
        for i in 0..<count {
            alpha[2 * i] = min(0.001 * costs[i], 1e-8)
            alpha[2 * i + 1] = costs[i] - alpha[2 * i]
            add(y[i] * alpha[2 * i], row: i)
        }
        var order = Array(0..<count)
        let (maxInner, innerMinimum) = (100, min(1e-8, tolerance))
        var innerTolerance = 1e-2
        var epoch = 0
        while epoch < maxEpochs {
            generator.shuffle(&order)
            var newtonSteps = 0
            var largest = 0.0
            for i in order {
                let cost = costs[i]
                let a = squaredNorms[i], b = y[i] * decision(i)
                var (first, second, sign) = (2 * i, 2 * i + 1, 1.0)
                if 0.5 * a * (alpha[second] - alpha[first]) + b < 0 {
                    (first, second, sign) = (2 * i + 1, 2 * i, -1)
                }
                let previous = alpha[first]
                var z = cost - previous < 0.5 * cost ? 0.1 * previous : previous
                var gradient = a * (z - previous) + sign * b + log(z / (cost - z))
                largest = max(largest, abs(gradient))
                var inner = 0
                while inner <= maxInner, abs(gradient) >= innerTolerance {
                    let curvature = a + cost / (cost - z) / z
                    let next = z - gradient / curvature
                    z = next <= 0 ? z * 0.1 : next
                    gradient = a * (z - previous) + sign * b + log(z / (cost - z))
                    newtonSteps += 1
                    inner += 1
                }
                if inner > 0 {
                    alpha[first] = z
                    alpha[second] = cost - z
                    add(sign * (z - previous) * y[i], row: i)
                }
            }
            epoch += 1
            if largest < tolerance { break }
            if newtonSteps <= count / 10 { innerTolerance = max(innerMinimum, 0.1 * innerTolerance) }
        }
        return epoch
    }
}
