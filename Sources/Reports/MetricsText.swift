import Foundation
import TweetClassifier

/// Classification metrics as the aligned text the CLI prints.
public enum MetricsText {
    /// A multi-line summary of `metrics`; `skipped` rows are mentioned when any.
    public static func summary(_ metrics: ClassificationReport, modelName: String, dataName: String, skipped: Int) -> String {
        let c = metrics.confusion
        var lines = [
            "model:      \(modelName)",
            "data:       \(dataName) (\(metrics.rows) rows" + (skipped > 0 ? ", \(skipped) skipped)" : ")"),
            String(format: "accuracy:   %.4f", metrics.accuracy),
            String(format: "precision:  %.4f   recall: %.4f   F1: %.4f  (class 1 = American)", metrics.precision, metrics.recall, metrics.f1),
            String(format: "ROC AUC:    %.4f   log loss: %.4f", metrics.rocAUC, metrics.logLoss),
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
