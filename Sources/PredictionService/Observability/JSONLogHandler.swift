#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import Logging
import TweetClassifier

/// A swift-log handler that writes one JSON object per line to standard
/// output, the format log collectors (Loki, Elasticsearch, Cloud Logging)
/// parse without configuration.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    /// Creates a handler for the logger `label`.
    public init(label: String) {
        self.label = label
    }

    /// One metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one JSON line: time, level, logger, message and every metadata field.
    public func log(event: LogEvent) {
        var fields: [String: String] = [
            "time": Self.timestamp(), "level": event.level.rawValue, "logger": label, "message": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = "\(value)"
        }
        guard var line = try? Self.encoder.encode(fields) else { return }
        line.append(UInt8(ascii: "\n"))
        Self.writeToStandardOutput(line)
    }

    /// The project's stable encoder (sorted keys), made once: FoundationEssentials
    /// has no `JSONSerialization`.
    private static let encoder = JSONEncoder.stable

    /// One `write(2)` per line where the pipe takes it whole, so that lines from
    /// concurrent requests do not interleave (stdio's buffer would hold them back).
    private static func writeToStandardOutput(_ line: Data) {
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
    }
}
