import Foundation

/// Writes a Markdown report and its SVG figures side by side.
///
/// Figures are named after the report (`report.md` → `report-roc-curve.svg`)
/// so that several reports can share a folder without overwriting each other.
enum ReportWriter {
    /// The prefix figures of the report at `path` get.
    static func figurePrefix(for path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + "-"
    }

    /// Writes `markdown` to `path` and each figure beside it under the report's prefix.
    static func write(_ markdown: String, to path: String, figures: [String: String]) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try markdown.write(to: url, atomically: true, encoding: .utf8)
        for (name, svg) in figures {
            try svg.write(to: folder.appendingPathComponent(figurePrefix(for: path) + name), atomically: true, encoding: .utf8)
        }
    }
}
