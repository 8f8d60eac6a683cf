import TweetClassifier

/// The cross-validation table of `american train --cv`, as Markdown: every
/// grid point's mean and spread, the winner marked.
public enum CrossValidationReport {
    /// The table, best first; `folds` is K, `blocks` the blocks the points index into.
    public static func markdown(_ results: [CrossValidationResult], winner: GridPoint, blocks: [FeatureBlock], folds: Int) -> String {
        var lines = [
            "| setting | mean accuracy | std | folds |",
            "|---|---|---|---|",
        ]
        let ranked = results.enumerated().sorted { ($0.element.meanAccuracy, -$0.offset) > ($1.element.meanAccuracy, -$1.offset) }
        for (_, result) in ranked {
            let name = result.point.label(blocks: blocks)
            let marked = result.point == winner ? "**\(name)** (chosen)" : name
            let perFold = result.foldAccuracies.map { Fixed.format($0, digits: 4) }.joined(separator: " ")
            lines.append("| \(marked) | \(Fixed.format(result.meanAccuracy, digits: 4)) | \(Fixed.format(result.standardDeviation, digits: 4)) | \(perFold) |")
        }
        return "Cross-validation (\(folds) stratified folds, accuracy on the first data file's held-out rows):\n\n"
            + lines.joined(separator: "\n") + "\n"
    }
}
