import Foundation
import TweetClassifier

/// The Markdown report of `american evaluate --report`.
public enum EvaluationReport {
    /// The report text; it links the figures `confusion-matrix.svg` and
    /// `roc-curve.svg` under the prefix `figurePrefix` (the report's base name).
    public static func markdown(_ metrics: ClassificationReport, roc: ROCCurve, model: ModelFile, dataName: String, figurePrefix: String = "") -> String {
        let meta = model.metadata
        return """
        # Model evaluation

        | | |
        |---|---|
        | model kind | `\(model.kind.rawValue)` |
        | trained | \(meta.modelDate) by code \(meta.codeVersion) |
        | training data | \(meta.training.files.map { "\($0.name) (SHA-256 `\($0.sha256.prefix(12))…`)" }.joined(separator: ", ")): \(meta.training.rows) rows |
        | evaluated on | \(URL(fileURLWithPath: dataName).lastPathComponent) (\(metrics.rows) rows) |

        ## Metrics (class 1 = American)

        | metric | value |
        |---|---|
        | accuracy | \(String(format: "%.4f", metrics.accuracy)) |
        | precision | \(String(format: "%.4f", metrics.precision)) |
        | recall | \(String(format: "%.4f", metrics.recall)) |
        | F1 | \(String(format: "%.4f", metrics.f1)) |
        | ROC AUC | \(String(format: "%.4f", metrics.rocAUC)) |
        | log loss | \(String(format: "%.4f", metrics.logLoss)) |

        ## Confusion matrix

        ![confusion matrix](\(figurePrefix)confusion-matrix.svg)

        ## ROC curve

        ![ROC curve](\(figurePrefix)roc-curve.svg)

        """
    }
}
