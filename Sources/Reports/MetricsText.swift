#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TweetClassifier

/// Classification metrics as the aligned text the CLI prints.
public enum MetricsText {
    /// A multi-line summary of `metrics`; `skipped` rows are mentioned when any.
    /// The calibration line sets the measured ECE beside `noiseFloor`, so that
    /// a reader does not take a small test set's scatter for miscalibration.
    public static func summary(
        _ metrics: ClassificationReport, noiseFloor: CalibrationNoiseFloor, modelName: String, dataName: String, skipped: Int
    ) -> String {
        let c = metrics.confusion
        var lines = [
            "model:      \(modelName)",
            "data:       \(dataName) (\(metrics.rows) rows" + (skipped > 0 ? ", \(skipped) skipped)" : ")"),
            "accuracy:   \(Fixed.format(metrics.accuracy, digits: 4))",
            "precision:  \(Fixed.format(metrics.precision, digits: 4))   recall: \(Fixed.format(metrics.recall, digits: 4))   F1: \(Fixed.format(metrics.f1, digits: 4))  (class 1 = American)",
            "ROC AUC:    \(Fixed.format(metrics.rocAUC, digits: 4))   log loss: \(Fixed.format(metrics.logLoss, digits: 4))",
            "ECE:        \(metrics.expectedCalibrationError.map { Fixed.format($0, digits: 4) } ?? "n/a")"
                + "   Brier: \(metrics.brierScore.map { Fixed.format($0, digits: 4) } ?? "n/a")"
                + "   (perfectly calibrated on these rows: ECE \(Fixed.format(noiseFloor.mean, digits: 4)) mean,"
                + " 90 % at most \(Fixed.format(noiseFloor.upper, digits: 4)), \(noiseFloor.draws) simulated label sets)",
            "confusion:               predicted other   predicted American",
        ]
        lines.append("  true other      " + pad(c.trueNegatives) + "  " + pad(c.falsePositives))
        lines.append("  true American   " + pad(c.falseNegatives) + "  " + pad(c.truePositives))
        return lines.joined(separator: "\n")
    }

    private static func pad(_ value: Int) -> String {
        String(repeating: " ", count: max(0, 17 - String(value).count)) + String(value)
    }
}
