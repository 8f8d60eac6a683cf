import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports
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
        let matrix = ConfusionMatrix(labels: [1, 1, 0, 0, 1], predictions: [1, 0, 0, 1, 1])
        #expect(matrix == ConfusionMatrix(truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 1))
    }

    @Test("an empty or one-sided matrix gives zeros, not NaN")
    func degenerate() {
        let empty = ConfusionMatrix()
        #expect(empty.accuracy == 0 && empty.precision == 0 && empty.recall == 0 && empty.f1 == 0)
    }

    @Test("ROC AUC: perfect, reversed, ties and a hand-computed case")
    func rocAUC() {
        #expect(ROCCurve(labels: [0, 0, 1, 1], scores: [0.1, 0.2, 0.8, 0.9]).area == 1)
        #expect(ROCCurve(labels: [0, 0, 1, 1], scores: [0.9, 0.8, 0.2, 0.1]).area == 0)
        #expect(ROCCurve(labels: [0, 1], scores: [0.5, 0.5]).area == 0.5)
        // Pairs (pos, neg): (0.35 > 0.1) yes, (0.35 > 0.4) no, (0.8 > both) yes ×2 → 3/4.
        #expect(ROCCurve(labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8]).area == 0.75)
    }

    @Test("log loss matches the definition and clips certainties")
    func logLoss() {
        let value = ClassificationReport.logLoss(labels: [1, 0], probabilities: [0.8, 0.4])
        #expect(abs(value - (-(log(0.8) + log(0.6)) / 2)) < 1e-12)
        #expect(ClassificationReport.logLoss(labels: [1], probabilities: [0]).isFinite)
    }

    @Test("the report thresholds at 0.5")
    func report() {
        let report = ClassificationReport(labels: [1, 0, 1], probabilities: [0.9, 0.6, 0.2])
        #expect(report.confusion == ConfusionMatrix(truePositives: 1, falsePositives: 1, trueNegatives: 0, falseNegatives: 1))
        #expect(report.rows == 3)
    }

    @Test("percentiles interpolate like numpy")
    func percentiles() {
        #expect(Percentiles.value([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Percentiles.value([1, 2, 3, 4], 1) == 4)
        #expect(Percentiles.value([], 0.9) == 0)
    }

    @Test("charts are well-formed SVG with escaped text")
    func charts() throws {
        let svgs = [
            SVGCharts.confusionMatrix(ConfusionMatrix(truePositives: 3, falsePositives: 1, trueNegatives: 2, falseNegatives: 0)),
            SVGCharts.rocCurve(ROCCurve(labels: [0, 1], scores: [0.2, 0.7]).points, area: 1),
            SVGCharts.latencyHistogram([1, 2, 2, 3, 10]),
        ]
        for svg in svgs {
            _ = try XMLDocument(xmlString: svg)
            #expect(svg.hasPrefix("<svg"))
        }
        var doc = SVGDocument(width: 10, height: 10)
        doc.text("a < b & \"c\"", x: 0, y: 0)
        #expect(doc.rendered.contains("a &lt; b &amp; &quot;c&quot;"))
    }
}
