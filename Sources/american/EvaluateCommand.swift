import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Reports
import TweetClassifier

/// `american evaluate`: score a model file on a labelled CSV, optionally
/// writing a Markdown report with an SVG confusion matrix, ROC curve and
/// reliability diagram.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate", abstract: "Evaluate a model on a labelled CSV.")

    @Option(help: "Model file to evaluate.")
    var model = "models/american.model.json"

    @Option(help: "Labelled CSV to evaluate on.")
    var data: String

    @Option(help: "Write a Markdown report here (SVG figures are written beside it).")
    var report: String?

    @Flag(help: "Print the metrics as JSON on standard output.")
    var json = false

    @OptionGroup var dataset: DatasetOptions

    func run() throws {
        let tweetModel = try ModelStorage.readModel(model)
        let (evaluation, _) = try dataset.load(data)
        let (metrics, roc, reliability, probabilities) = Trainer.evaluate(tweetModel, on: evaluation.examples)
        let noiseFloor = CalibrationNoiseFloor(probabilities: probabilities)
        if json {
            print(String(decoding: try JSONEncoder.stable.encode(metrics), as: UTF8.self))
        } else {
            print(MetricsText.summary(metrics, noiseFloor: noiseFloor, modelName: model, dataName: data, skipped: evaluation.skippedRows))
        }
        if let report {
            try ReportWriter.write(
                EvaluationReport.markdown(
                    metrics, roc: roc, reliability: reliability, noiseFloor: noiseFloor, model: tweetModel.file, dataName: data,
                    figurePrefix: ReportWriter.figurePrefix(for: report)
                ),
                to: report,
                figures: [
                    "confusion-matrix.svg": SVGCharts.confusionMatrix(metrics.confusion),
                    "roc-curve.svg": SVGCharts.rocCurve(roc.points, area: metrics.rocAUC),
                    "reliability-diagram.svg": SVGCharts.reliabilityDiagram(reliability),
                ]
            )
        }
    }
}
