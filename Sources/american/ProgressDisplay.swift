#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import Reports

/// Shows progress on standard error: a redrawn bar with rate and ETA on a
/// terminal, and plain, occasional lines otherwise (so CI logs stay readable).
final class ProgressDisplay {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var lastPlainLine = Date.distantPast
    private var lastStage = ""

    /// Reports `done` of `total` units in `stage` (`total` 0 when unknown).
    func update(_ stage: String, done: Int = 0, total: Int = 0) {
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        if isTerminal {
            write("\r\u{1B}[2K" + line(stage, done: done, total: total, rate: rate))
        } else if stage != lastStage || Date().timeIntervalSince(lastPlainLine) >= 5 || (total > 0 && done == total) {
            write(line(stage, done: done, total: total, rate: rate) + "\n")
            lastPlainLine = Date()
        }
        lastStage = stage
    }

    /// Ends the bar's line on a terminal.
    func finish() {
        if isTerminal { write("\n") }
    }

    private func line(_ stage: String, done: Int, total: Int, rate: Double) -> String {
        guard total > 0 else { return stage }
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let bar = isTerminal ? String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + " " : ""
        return "\(stage) \(bar)\(Fixed.format(fraction * 100, digits: 0, width: 3))% \(done)/\(total) \(Fixed.format(rate, digits: 0))/s ETA \(Fixed.format(eta, digits: 0))s"
    }

    private func write(_ text: String) {
        var text = text
        // One write(2): stdio's `stderr` is shared mutable state to Swift 6.
        text.withUTF8 { _ = Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
