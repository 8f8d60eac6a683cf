#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// The evaluation of a model on labelled data: the figures a model card and
/// `american evaluate` print, and that a model file stores in its metadata.
public struct ClassificationReport: Codable, Sendable, Equatable {
    /// How many examples were scored.
    public let rows: Int
    public let accuracy: Double
    public let precision: Double
    public let recall: Double
    public let f1: Double
    /// Area under the ROC curve.
    public let rocAUC: Double
    /// Mean negative log-likelihood of the true labels (probabilities clipped to [1e-15, 1 - 1e-15]).
    public let logLoss: Double
    public let confusion: ConfusionMatrix
    /// Mean squared error of the probabilities (absent in reports written before it was measured).
    public let brierScore: Double?
    /// Expected calibration error over 10 equal-width bins (absent in older reports).
    public let expectedCalibrationError: Double?

    /// Evaluates predicted probabilities of class 1 against true labels;
    /// a probability above 0.5 predicts class 1.
    public init(labels: [Label], probabilities: [Double]) {
        self.init(labels: labels, probabilities: probabilities, roc: ROCCurve(labels: labels, scores: probabilities))
    }

    /// The same, reusing a ROC curve already built from these labels and probabilities.
    public init(labels: [Label], probabilities: [Double], roc: ROCCurve) {
        let predictions = probabilities.map(Label.init(probability:))
        let confusion = ConfusionMatrix(labels: labels, predictions: predictions)
        self.rows = labels.count
        self.confusion = confusion
        self.accuracy = confusion.accuracy
        self.precision = confusion.precision
        self.recall = confusion.recall
        self.f1 = confusion.f1
        self.rocAUC = roc.area
        self.logLoss = Self.logLoss(labels: labels, probabilities: probabilities)
        let reliability = ReliabilityCurve(labels: labels, probabilities: probabilities)
        self.brierScore = reliability.brierScore
        self.expectedCalibrationError = reliability.expectedCalibrationError
    }

    /// Mean negative log-likelihood, as scikit-learn's `log_loss`.
    public static func logLoss(labels: [Label], probabilities: [Double]) -> Double {
        guard !labels.isEmpty else { return 0 }
        let epsilon = 1e-15
        let total = zip(labels, probabilities).reduce(0.0) { sum, pair in
            let p = min(max(pair.1, epsilon), 1 - epsilon)
            return sum - (pair.0 == .american ? log(p) : log(1 - p))
        }
        return total / Double(labels.count)
    }

    enum CodingKeys: String, CodingKey {
        case rows, accuracy, precision, recall, f1, confusion
        case rocAUC = "roc_auc"
        case logLoss = "log_loss"
        case brierScore = "brier_score"
        case expectedCalibrationError = "expected_calibration_error"
    }
}
