#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SVGCharts {
    /// A rollout timeline: one lane per answering version (in order of first
    /// appearance) plus a lane of failures, one tick per request.
    ///
    /// - Parameter points: each request's time in seconds and the version that
    ///   answered it (nil when it failed).
    public static func timeline(_ points: [(time: Double, lane: String?)], title: String) -> String {
        var lanes: [String] = []
        for case let lane? in points.map(\.lane) where !lanes.contains(lane) {
            lanes.append(lane)
        }
        let rows = lanes + ["failed"]
        let end = max(points.map(\.time).max() ?? 1, 1e-3)
        let laneHeight = 36.0
        let frame = ChartFrame(width: 620, height: laneHeight * Double(rows.count), xRange: 0...end, yRange: 0...Double(rows.count))
        var svg = SVGDocument(width: 900, height: frame.top + frame.height + 50)
        svg.text(title, x: 450, y: 22, size: 15, anchor: "middle", bold: true)
        let colors = ["#1f6feb", "#2da44e", "#8250df", "#bf8700", "#0a7a8a"]
        for (row, name) in rows.enumerated() {
            let y = frame.top + Double(row) * laneHeight
            svg.rect(x: frame.left, y: y + 2, width: frame.width, height: laneHeight - 4, fill: row % 2 == 0 ? "#f6f8fa" : "#ffffff")
            svg.text(String(name.prefix(40)), x: frame.left + frame.width + 8, y: y + laneHeight / 2 + 4, size: 10,
                     fill: name == "failed" ? "#cf222e" : "#222")
        }
        for point in points {
            let row = point.lane.flatMap { lanes.firstIndex(of: $0) } ?? lanes.count
            let color = point.lane == nil ? "#cf222e" : colors[row % colors.count]
            let y = frame.top + Double(row) * laneHeight
            svg.rect(x: frame.x(point.time), y: y + 6, width: 1.5, height: laneHeight - 12, fill: color)
        }
        svg.line(x1: frame.left, y1: frame.top + frame.height, x2: frame.left + frame.width, y2: frame.top + frame.height, stroke: "#333")
        for step in 0...5 {
            let t = end * Double(step) / 5
            svg.text("\(Fixed.format(t, digits: 1)) s", x: frame.x(t), y: frame.top + frame.height + 16, size: 10, anchor: "middle", fill: "#555")
        }
        svg.text("time since the watch started", x: frame.left + frame.width / 2, y: frame.top + frame.height + 36, size: 11, anchor: "middle")
        return svg.rendered
    }
}
