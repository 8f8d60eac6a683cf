#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TweetClassifier

/// The charts our reports embed: model quality (confusion matrix, ROC curve)
/// and service behaviour (latency histogram, rollout timeline).
public enum SVGCharts {
    /// A 2×2 confusion matrix, cells shaded by count.
    public static func confusionMatrix(_ matrix: ConfusionMatrix) -> String {
        var svg = SVGDocument(width: 360, height: 320)
        svg.text("Confusion matrix", x: 180, y: 24, size: 15, anchor: "middle", bold: true)
        let cells = [
            [("TN", matrix.trueNegatives), ("FP", matrix.falsePositives)],
            [("FN", matrix.falseNegatives), ("TP", matrix.truePositives)],
        ]
        let largest = Double(max(1, cells.joined().map(\.1).max() ?? 1))
        for (row, values) in cells.enumerated() {
            for (column, (name, count)) in values.enumerated() {
                let shade = Int(235 - 160 * Double(count) / largest)
                let x = 120 + Double(column) * 110, y = 60 + Double(row) * 110
                svg.rect(x: x, y: y, width: 106, height: 106, fill: "rgb(\(shade),\(shade + 10),255)", title: "\(name): \(count)")
                svg.text("\(count)", x: x + 53, y: y + 58, size: 20, anchor: "middle", bold: true)
                svg.text(name, x: x + 53, y: y + 80, size: 11, anchor: "middle", fill: "#444")
            }
        }
        svg.text("predicted: other", x: 173, y: 300, size: 11, anchor: "middle")
        svg.text("predicted: American", x: 283, y: 300, size: 11, anchor: "middle")
        svg.text("true: other", x: 112, y: 118, size: 11, anchor: "end")
        svg.text("true: American", x: 112, y: 228, size: 11, anchor: "end")
        return svg.rendered
    }

    /// The ROC curve with the chance diagonal and the area in the title.
    public static func rocCurve(_ points: [(fpr: Double, tpr: Double)], area: Double) -> String {
        var svg = SVGDocument(width: 420, height: 400)
        let frame = ChartFrame(width: 320, height: 300, xRange: 0...1, yRange: 0...1)
        frame.drawAxes(on: &svg, title: "ROC curve (AUC \(Fixed.format(area, digits: 3)))",
                       xLabel: "false positive rate", yLabel: "true positive rate") { Fixed.format($0, digits: 2) }
        svg.line(x1: frame.x(0), y1: frame.y(0), x2: frame.x(1), y2: frame.y(1), stroke: "#aaa", dashed: true)
        svg.polyline(points.map { (frame.x($0.fpr), frame.y($0.tpr)) }, stroke: "#1f6feb")
        return svg.rendered
    }

    /// The reliability diagram: observed share of American tweets against the
    /// mean predicted probability of each bin (dot area by count), with the
    /// diagonal of perfect calibration and the ECE in the title.
    public static func reliabilityDiagram(_ curve: ReliabilityCurve) -> String {
        var svg = SVGDocument(width: 420, height: 400)
        let frame = ChartFrame(width: 320, height: 300, xRange: 0...1, yRange: 0...1)
        frame.drawAxes(on: &svg, title: "Reliability (ECE \(Fixed.format(curve.expectedCalibrationError, digits: 3)), Brier \(Fixed.format(curve.brierScore, digits: 3)))",
                       xLabel: "predicted probability of American", yLabel: "observed share American") { Fixed.format($0, digits: 2) }
        svg.line(x1: frame.x(0), y1: frame.y(0), x2: frame.x(1), y2: frame.y(1), stroke: "#aaa", dashed: true)
        let filled = curve.bins.filter { $0.count > 0 }
        svg.polyline(filled.map { (frame.x($0.meanPredicted), frame.y($0.observed)) }, stroke: "#1f6feb")
        let largest = Double(filled.map(\.count).max() ?? 1)
        for bin in filled {
            let side = 4 + 10 * (Double(bin.count) / largest).squareRoot()
            svg.rect(x: frame.x(bin.meanPredicted) - side / 2, y: frame.y(bin.observed) - side / 2, width: side, height: side, fill: "#1f6feb",
                     title: "\(bin.count) tweets: predicted \(Fixed.format(bin.meanPredicted, digits: 3)), observed \(Fixed.format(bin.observed, digits: 3))")
        }
        return svg.rendered
    }

    /// A histogram of latencies in milliseconds, with p50 and p99 marked.
    public static func latencyHistogram(_ milliseconds: [Double], bins: Int = 40) -> String {
        var svg = SVGDocument(width: 640, height: 360)
        let sorted = milliseconds.sorted()
        let top = Percentiles.value(sorted, 0.995)
        var histogram = [Int](repeating: 0, count: bins)
        for value in sorted where value <= top {
            histogram[min(bins - 1, Int(value / max(top, 1e-9) * Double(bins)))] += 1
        }
        let frame = ChartFrame(width: 540, height: 260, xRange: 0...max(top, 1e-3), yRange: 0...Double(max(1, histogram.max() ?? 1)))
        frame.drawAxes(on: &svg, title: "Latency (\(sorted.count) requests, ≤ p99.5 shown)",
                       xLabel: "latency (ms)", yLabel: "requests") { Fixed.format($0, digits: $0 < 10 ? 2 : 0) }
        let binWidth = top / Double(bins)
        for (k, count) in histogram.enumerated() {
            let x0 = frame.x(Double(k) * binWidth), x1 = frame.x(Double(k + 1) * binWidth)
            svg.rect(x: x0, y: frame.y(Double(count)), width: x1 - x0 - 1, height: frame.y(0) - frame.y(Double(count)),
                     fill: "#4c8eda", title: "\(count)")
        }
        for (name, q, color) in [("p50", 0.5, "#2da44e"), ("p99", 0.99, "#cf222e")] {
            let value = Percentiles.value(sorted, q)
            svg.line(x1: frame.x(value), y1: frame.y(0), x2: frame.x(value), y2: 40, stroke: color, width: 2, dashed: true)
            svg.text("\(name) \(Fixed.format(value, digits: 2)) ms", x: frame.x(value) + 4, y: 52 + (q > 0.9 ? 14 : 0), size: 11, fill: color)
        }
        return svg.rendered
    }
}
