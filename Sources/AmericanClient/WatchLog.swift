#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Reports

/// The CSV form of a watch: one row per request, for spreadsheets and plots.
public enum WatchLog {
    /// The header and one row per sample (`time_s,outcome,latency_ms,version,model_date`),
    /// fields quoted per RFC 4180 where they need it.
    public static func csv(_ samples: [WatchSample]) -> String {
        var lines = ["time_s,outcome,latency_ms,version,model_date"]
        for sample in samples {
            let fields = [
                Fixed.format(sample.offset.seconds, digits: 3), sample.failure ?? "ok", Fixed.format(sample.latency.milliseconds, digits: 3),
                sample.servedBy?.version ?? "", sample.servedBy?.modelDate ?? "",
            ]
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `field`, in double quotes with inner quotes doubled when it holds a comma, a quote or a line break.
    static func quoted(_ field: String) -> String {
        guard field.utf8.contains(where: { [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D].contains($0) }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
