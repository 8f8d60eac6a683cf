import Foundation
import Testing
@testable import TweetClassifier

@Suite("Metrics")
struct MetricsTests {
    @Test("figures of a known confusion matrix")
    func knownMatrix() {
        let matrix = ConfusionMatrix(truePositives: 40, falsePositives: 10, trueNegatives: 30, falseNegatives: 20)
        #expect(matrix.accuracy == 0.7)
        #expect(matrix.precision == 0.8)
        #expect(abs(matrix.recall - 40.0 / 60) < 1e-12)
        #expect(abs(matrix.f1 - 2 * 0.8 * (2.0 / 3) / (0.8 + 2.0 / 3)) < 1e-12)
    }

    @Test("counting labels against predictions")
    func counting() {
        let matrix = ConfusionMatrix(labels: labels(1, 1, 0, 0, 1), predictions: labels(1, 0, 0, 1, 1))
        #expect(matrix == ConfusionMatrix(truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 1))
    }

    @Test("an empty or one-sided matrix gives zeros, not NaN")
    func degenerate() {
        let empty = ConfusionMatrix()
        #expect(empty.accuracy == 0 && empty.precision == 0 && empty.recall == 0 && empty.f1 == 0)
    }

    @Test("ROC AUC: perfect, reversed, ties and a hand-computed case")
    func rocAUC() {
        #expect(ROCCurve(labels: labels(0, 0, 1, 1), scores: [0.1, 0.2, 0.8, 0.9]).area == 1)
        #expect(ROCCurve(labels: labels(0, 0, 1, 1), scores: [0.9, 0.8, 0.2, 0.1]).area == 0)
        #expect(ROCCurve(labels: labels(0, 1), scores: [0.5, 0.5]).area == 0.5)
        // Pairs (pos, neg): (0.35 > 0.1) yes, (0.35 > 0.4) no, (0.8 > both) yes ×2 → 3/4.
        #expect(ROCCurve(labels: labels(0, 0, 1, 1), scores: [0.1, 0.4, 0.35, 0.8]).area == 0.75)
    }

    @Test("log loss matches the definition and clips certainties")
    func logLoss() {
        let value = ClassificationReport.logLoss(labels: labels(1, 0), probabilities: [0.8, 0.4])
        #expect(abs(value - (-(log(0.8) + log(0.6)) / 2)) < 1e-12)
        #expect(ClassificationReport.logLoss(labels: labels(1), probabilities: [0]).isFinite)
    }

    @Test("the report thresholds at 0.5")
    func report() {
        let report = ClassificationReport(labels: labels(1, 0, 1), probabilities: [0.9, 0.6, 0.2])
        #expect(report.confusion == ConfusionMatrix(truePositives: 1, falsePositives: 1, trueNegatives: 0, falseNegatives: 1))
        #expect(report.rows == 3)
    }

    @Test("a perfectly calibrated model's ECE: 0 for certain probabilities, the binomial scatter for coin flips, the same on every run")
    func calibrationNoiseFloor() {
        let certain = CalibrationNoiseFloor(probabilities: [0, 1, 1, 0, 1], draws: 50)
        #expect(certain.mean == 0 && certain.upper == 0 && certain.draws == 50, "labels drawn with probability 0 or 1 are the probabilities")
        // 100 coin flips in one bin: ECE = |k/100 - 0.5| with k ~ Binomial(100, 0.5). The exact
        // distribution of d = |k - 50|, its mean and its 90th percentile (nearest rank: the smallest
        // d with P(≤ d) ≥ 0.9) are computed here in full.
        var mass = [Double](repeating: 0, count: 51), choose = 1.0
        for k in 0...100 {
            mass[abs(k - 50)] += choose / pow(2, 100)
            choose = choose * Double(100 - k) / Double(k + 1)
        }
        let exactMean = mass.indices.reduce(0) { $0 + mass[$1] * Double($1) / 100 }
        var cumulative = 0.0
        let exactUpper = Double(mass.indices.first { cumulative += mass[$0]; return cumulative >= 0.9 }!) / 100
        let coins = CalibrationNoiseFloor(probabilities: [Double](repeating: 0.5, count: 100))
        #expect(abs(coins.mean - exactMean) < 0.003, "simulated \(coins.mean), exact \(exactMean)")
        #expect(abs(coins.upper - exactUpper) <= 0.011, "simulated \(coins.upper), exact \(exactUpper)")
        #expect(coins == CalibrationNoiseFloor(probabilities: [Double](repeating: 0.5, count: 100)), "fixed seed")
    }
}

/// Labels from 0/1 digits, to keep the tables of these tests short.
private func labels(_ bits: Int...) -> [Label] {
    bits.map { $0 == 1 ? .american : .notAmerican }
}
