#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try save(markdown, to: path)
        for (name, svg) in figures {
            try save(svg, to: folder.appendingPathComponent(figurePrefix(for: path) + name).path)
        }
    }

    /// Writes `text` to `path`, creating its folder; failures become one-line errors.
    static func save(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError("cannot write '\(path)': \(error)")
        }
    }
}
