/// The plotting area of a chart with axes: maps data coordinates to pixels
/// and draws the axes, ticks and labels that every line or bar chart needs.
struct ChartFrame {
    let left = 60.0, top = 40.0, width: Double, height: Double
    let xRange: ClosedRange<Double>
    let yRange: ClosedRange<Double>

    func x(_ value: Double) -> Double {
        left + (value - xRange.lowerBound) / max(1e-12, xRange.upperBound - xRange.lowerBound) * width
    }

    func y(_ value: Double) -> Double {
        top + height - (value - yRange.lowerBound) / max(1e-12, yRange.upperBound - yRange.lowerBound) * height
    }

    /// Draws the title, both axes with five ticks each, and the axis labels.
    func drawAxes(on svg: inout SVGDocument, title: String, xLabel: String, yLabel: String, format: (Double) -> String) {
        svg.text(title, x: left + width / 2, y: 22, size: 15, anchor: "middle", bold: true)
        svg.line(x1: left, y1: top + height, x2: left + width, y2: top + height, stroke: "#333")
        svg.line(x1: left, y1: top, x2: left, y2: top + height, stroke: "#333")
        for step in 0...4 {
            let fraction = Double(step) / 4
            let xValue = xRange.lowerBound + fraction * (xRange.upperBound - xRange.lowerBound)
            let yValue = yRange.lowerBound + fraction * (yRange.upperBound - yRange.lowerBound)
            svg.text(format(xValue), x: x(xValue), y: top + height + 16, size: 10, anchor: "middle", fill: "#555")
            svg.text(format(yValue), x: left - 6, y: y(yValue) + 4, size: 10, anchor: "end", fill: "#555")
            svg.line(x1: left, y1: y(yValue), x2: left + width, y2: y(yValue), stroke: "#eee")
        }
        svg.text(xLabel, x: left + width / 2, y: top + height + 34, size: 11, anchor: "middle")
        svg.text(yLabel, x: 14, y: top - 10, size: 11)
    }
}
