import Foundation

/// The CSV form of a watch: one row per request, for spreadsheets and plots.
public enum WatchLog {
    /// The header and one row per sample (`time_s,outcome,latency_ms,version,model_date`).
    public static func csv(_ samples: [WatchSample]) -> String {
        var lines = ["time_s,outcome,latency_ms,version,model_date"]
        for sample in samples {
            let parts = sample.servedBy?.split(separator: "|", maxSplits: 1).map(String.init) ?? []
            let outcome = sample.failure ?? "ok"
            lines.append(String(format: "%.3f,%@,%.3f,%@,%@", sample.time, outcome, sample.latencyMs,
                                parts.first ?? "", parts.count > 1 ? parts[1] : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
