import Foundation
import Testing
@testable import TweetClassifier

@Suite("Dual coordinate descent")
struct DualCoordinateDescentTests {
    /// x = +1 is American, x = -1 is not; with the regularised intercept the optimum has b = 0 by symmetry.
    static let toy = FeatureMatrix(rows: [SparseVector(indices: [0], values: [1]), SparseVector(indices: [0], values: [-1])], columnCount: 1)
    static let toyLabels: [Label] = [.american, .notAmerican]

    @Test("the L2-loss SVM reaches the known optimum w = 4C / (1 + 4C)", arguments: [0.25, 1.0, 4.0])
    func svmOptimum(c: Double) {
        let solution = DualCoordinateDescent(loss: .squaredHinge, c: c, tolerance: 1e-10)
            .fit(Self.toy, rows: [0, 1], labels: Self.toyLabels, sampleWeights: [1, 1])
        #expect(abs(solution.weights[0] - 4 * c / (1 + 4 * c)) < 1e-6)
        #expect(abs(solution.bias) < 1e-6)
    }

    @Test("logistic regression reaches the root of w = 2C·σ(-w)", arguments: [0.5, 1.0, 10.0])
    func logisticOptimum(c: Double) {
        var (low, high) = (0.0, 2 * c)
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if mid - 2 * c * LinearScorer.sigmoid(-mid) > 0 { high = mid } else { low = mid }
        }
        let solution = DualCoordinateDescent(loss: .logistic, c: c, tolerance: 1e-10)
            .fit(Self.toy, rows: [0, 1], labels: Self.toyLabels, sampleWeights: [1, 1])
        #expect(abs(solution.weights[0] - low) < 1e-5)
        #expect(abs(solution.bias) < 1e-5)
    }

    @Test("a sample weight of 2 is the same as the row twice", arguments: [LinearLoss.squaredHinge, .logistic])
    func weightIsRepetition(loss: LinearLoss) {
        let rows = [SparseVector(indices: [0], values: [1]), SparseVector(indices: [0, 1], values: [-1, 0.5]), SparseVector(indices: [1], values: [1])]
        let labels: [Label] = [.american, .notAmerican, .american]
        let solver = DualCoordinateDescent(loss: loss, c: 1, tolerance: 1e-10)
        let weighted = solver.fit(FeatureMatrix(rows: rows, columnCount: 2), rows: [0, 1, 2], labels: labels, sampleWeights: [2, 1, 1])
        let repeated = solver.fit(FeatureMatrix(rows: [rows[0]] + rows, columnCount: 2), rows: [0, 1, 2, 3],
                                  labels: [.american] + labels, sampleWeights: [1, 1, 1, 1])
        for (a, b) in zip(weighted.weights + [weighted.bias], repeated.weights + [repeated.bias]) {
            #expect(abs(a - b) < 1e-5)
        }
    }

    @Test("rows of weight 0 are left out")
    func zeroWeight() {
        let solver = DualCoordinateDescent(loss: .squaredHinge, c: 1, tolerance: 1e-10)
        let rows = [SparseVector(indices: [0], values: [1]), SparseVector(indices: [0], values: [-1]), SparseVector(indices: [0], values: [5])]
        let with = solver.fit(FeatureMatrix(rows: rows, columnCount: 1), rows: [0, 1, 2], labels: [.american, .notAmerican, .notAmerican], sampleWeights: [1, 1, 0])
        #expect(abs(with.weights[0] - 0.8) < 1e-6)
    }
}

@Suite("Calibration and folds")
struct CalibrationTests {
    @Test("Platt scaling recovers the slope and offset that generated the labels")
    func plattRecovers() {
        var generator = SplitMix64(seed: 7)
        var decisions: [Double] = [], labels: [Label] = []
        for _ in 0..<40_000 {
            let f = Double(generator.below(600_001)) / 100_000 - 3
            let p = LinearScorer.sigmoid(2 * f - 0.5)
            decisions.append(f)
            labels.append(Double(generator.below(1_000_000)) / 1_000_000 < p ? .american : .notAmerican)
        }
        let fitted = PlattCalibration.fit(decisions: decisions, labels: labels, weights: [Double](repeating: 1, count: decisions.count))
        #expect(abs(fitted.a - 2) < 0.1)
        #expect(abs(fitted.b + 0.5) < 0.1)
        let calibrated = decisions.map { LinearScorer.sigmoid(fitted.a * $0 + fitted.b) }
        #expect(ReliabilityCurve(labels: labels, probabilities: calibrated).expectedCalibrationError < 0.02)
        let raw = decisions.map { LinearScorer.sigmoid(5 * $0) }
        #expect(ReliabilityCurve(labels: labels, probabilities: raw).expectedCalibrationError > 0.05, "over-confident scores are caught")
    }

    @Test("the reliability curve's bins, ECE and Brier score by hand")
    func reliabilityByHand() {
        let curve = ReliabilityCurve(labels: [.american, .notAmerican, .american, .american], probabilities: [0.95, 0.05, 0.55, 1.0])
        #expect(curve.bins.count == 10)
        #expect(curve.bins[9].count == 2 && abs(curve.bins[9].meanPredicted - 0.975) < 1e-12 && curve.bins[9].observed == 1)
        #expect(abs(curve.expectedCalibrationError - (0.5 * 0.025 + 0.25 * 0.05 + 0.25 * 0.45)) < 1e-12)
        #expect(abs(curve.brierScore - (0.0025 + 0.0025 + 0.2025 + 0) / 4) < 1e-12)
    }

    @Test("folds are disjoint, cover every row, keep the strata balanced and repeat with the seed", arguments: [2, 5, 7])
    func folds(k: Int) {
        let strata = (0..<103).map { $0 % 3 == 0 ? 1 : ($0 % 7 == 0 ? 2 : 0) }
        let folds = StratifiedFolds(strata: strata, k: k)
        let all = folds.heldOut.flatMap { $0 }
        #expect(all.count == strata.count && Set(all).count == strata.count, "disjoint and covering")
        for stratum in Set(strata) {
            let sizes = folds.heldOut.map { fold in fold.count { strata[$0] == stratum } }
            #expect(sizes.max()! - sizes.min()! <= 1)
        }
        for fold in folds.heldOut.indices {
            #expect(Set(folds.training(fold, rowCount: strata.count)).isDisjoint(with: folds.heldOut[fold]))
            #expect(folds.training(fold, rowCount: strata.count).count + folds.heldOut[fold].count == strata.count)
        }
        #expect(folds == StratifiedFolds(strata: strata, k: k))
        #expect(folds != StratifiedFolds(strata: strata, k: k, seed: 43))
    }
}
