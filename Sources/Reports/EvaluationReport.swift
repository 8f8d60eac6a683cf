#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TweetClassifier

/// The Markdown report of `american evaluate --report`.
public enum EvaluationReport {
    /// The report text; it links the figures `confusion-matrix.svg`,
    /// `roc-curve.svg` and `reliability-diagram.svg` under the prefix
    /// `figurePrefix` (the report's base name).
    public static func markdown(
        _ metrics: ClassificationReport, roc: ROCCurve, reliability: ReliabilityCurve, noiseFloor: CalibrationNoiseFloor, model: ModelFile,
        dataName: String, figurePrefix: String = ""
    ) -> String {
        let meta = model.metadata
        let bins = reliability.bins.filter { $0.count > 0 }.map { bin in
            "| \(Fixed.format(bin.lower, digits: 1))-\(Fixed.format(bin.upper, digits: 1)) | \(bin.count) | \(Fixed.format(bin.meanPredicted, digits: 3)) | \(Fixed.format(bin.observed, digits: 3)) |"
        }.joined(separator: "\n")
        return """
        # Model evaluation

        | | |
        |---|---|
        | model kind | `\(model.kind.rawValue)` |
        | trained | \(meta.modelDate) by code \(meta.codeVersion) |
        | training data | \(meta.training.files.map { "\($0.name)\($0.weight.map { " (weight \($0))" } ?? "") (SHA-256 `\($0.sha256.prefix(12))…`)" }.joined(separator: ", ")): \(meta.training.rows) rows |
        | evaluated on | \(URL(fileURLWithPath: dataName).lastPathComponent) (\(metrics.rows) rows) |

        ## Metrics (class 1 = American)

        | metric | value |
        |---|---|
        | accuracy | \(Fixed.format(metrics.accuracy, digits: 4)) |
        | precision | \(Fixed.format(metrics.precision, digits: 4)) |
        | recall | \(Fixed.format(metrics.recall, digits: 4)) |
        | F1 | \(Fixed.format(metrics.f1, digits: 4)) |
        | ROC AUC | \(Fixed.format(metrics.rocAUC, digits: 4)) |
        | log loss | \(Fixed.format(metrics.logLoss, digits: 4)) |
        | Brier score | \(Fixed.format(reliability.brierScore, digits: 4)) |
        | expected calibration error (10 bins) | \(Fixed.format(reliability.expectedCalibrationError, digits: 4)) |
        | the same for a perfectly calibrated model, simulated: mean (90th percentile) | \(Fixed.format(noiseFloor.mean, digits: 4)) (\(Fixed.format(noiseFloor.upper, digits: 4))) |

        ## Confusion matrix

        ![confusion matrix](\(figurePrefix)confusion-matrix.svg)

        ## ROC curve

        ![ROC curve](\(figurePrefix)roc-curve.svg)

        ## Calibration

        \(model.model.calibration.map { "Platt scaling a = \($0.a), b = \($0.b), fitted on out-of-fold decision values of the training data." } ?? "No calibration stored: the probability is the model's own.")

        Even perfectly calibrated probabilities do not give an ECE of 0 on \(metrics.rows) rows: drawing every row's label with its own predicted probability (\(noiseFloor.draws) times, fixed seed) gives a mean ECE of \(Fixed.format(noiseFloor.mean, digits: 4)), and 90 % of the draws are at most \(Fixed.format(noiseFloor.upper, digits: 4)). A measured ECE within that range is what chance alone gives.

        | predicted probability | tweets | mean predicted | observed American |
        |---|---|---|---|
        \(bins)

        ![reliability diagram](\(figurePrefix)reliability-diagram.svg)

        """
    }
}
