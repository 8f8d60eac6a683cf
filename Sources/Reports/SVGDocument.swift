#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A tiny SVG builder: just the elements our charts use, with escaping done
/// in one place. Charts are plain text so reports need no plotting library.
public struct SVGDocument {
    private let width: Double
    private let height: Double
    private var elements: [String] = []

    /// Starts a document of the given size in pixels.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Adds a rectangle.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil) {
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        elements.append(#"<rect x="\#(f(x))" y="\#(f(y))" width="\#(f(max(0, width)))" height="\#(f(max(0, height)))" fill="\#(fill)">\#(tooltip)</rect>"#)
    }

    /// Adds a straight line.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#888", width: Double = 1, dashed: Bool = false) {
        let dash = dashed ? #" stroke-dasharray="4 3""# : ""
        elements.append(#"<line x1="\#(f(x1))" y1="\#(f(y1))" x2="\#(f(x2))" y2="\#(f(y2))" stroke="\#(stroke)" stroke-width="\#(f(width))"\#(dash)/>"#)
    }

    /// Adds a polyline through the points.
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) {
        let list = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        elements.append(#"<polyline points="\#(list)" fill="none" stroke="\#(stroke)" stroke-width="\#(f(width))"/>"#)
    }

    /// Adds text; `anchor` is `start`, `middle` or `end`.
    public mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start", fill: String = "#222", bold: Bool = false) {
        let weight = bold ? #" font-weight="bold""# : ""
        elements.append(#"<text x="\#(f(x))" y="\#(f(y))" font-size="\#(f(size))" text-anchor="\#(anchor)" fill="\#(fill)"\#(weight)>\#(Self.escape(content))</text>"#)
    }

    /// The finished SVG text.
    public var rendered: String {
        let head = #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(f(width))" height="\#(f(height))" viewBox="0 0 \#(f(width)) \#(f(height))" font-family="Helvetica, Arial, sans-serif">"#
        return ([head, #"<rect width="100%" height="100%" fill="white"/>"#] + elements + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    /// Escapes the characters XML gives meaning to.
    static func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;")
            .replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }

    private func f(_ value: Double) -> String {
        Fixed.format(value, digits: 1)
    }
}
