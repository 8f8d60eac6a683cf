import Logging
import PredictionService

/// Every setting of `american serve`, defined once: its flag, its
/// environment variables, its help and default, its bounds, and where the
/// value goes. The command's options, its `--help` text and the merging of
/// flags over the environment are all read from here, so none of it can
/// drift apart.
enum ServeSetting: String, CaseIterable, Sendable {
    case host, port, model
    case modelSHA256 = "model-sha256"
    case modelRefresh = "model-refresh"
    case waitForModel = "wait-for-model"
    case drainSeconds = "drain-seconds"
    case maxBodyBytes = "max-body-bytes"
    case maxBatchSize = "max-batch-size"
    case maxModelBytes = "max-model-bytes"
    case modelDownloadTimeout = "model-download-timeout"
    case idleTimeout = "idle-timeout"
    case requestTimeout = "request-timeout"
    case maxConnections = "max-connections"
    case shutdownGrace = "shutdown-grace"
    case shadowModel = "shadow-model"
    case shadowSample = "shadow-sample"
    case driftWindow = "drift-window"
    case logFormat = "log-format"
    case logLevel = "log-level"

    /// The command-line flag, without its dashes.
    var flag: String { rawValue }

    /// The environment variables read when the flag is absent, first found wins.
    var environment: [String] {
        switch self {
        case .model: ["MODEL_URL", "MODEL_PATH"]
        case .modelRefresh: ["MODEL_REFRESH_SECONDS"]
        default: [rawValue.uppercased().replacing("-", with: "_")]
        }
    }

    /// What the setting does, for `--help`.
    var summary: String {
        switch self {
        case .host: "Address to bind; use 0.0.0.0 in a container."
        case .port: "TCP port (0 picks a free one)."
        case .model: "Model file path or http(s) URL."
        case .modelSHA256: "Refuse a model whose SHA-256 differs (64 hex digits)."
        case .modelRefresh: "How often to check for a new model (0 = only on SIGHUP; at least 100ms otherwise)."
        case .waitForModel: "Start unready and retry while the model cannot be loaded, instead of exiting (1/true/yes)."
        case .drainSeconds: "How long to keep serving after SIGTERM with /readyz at 503 (at most 5m)."
        case .maxBodyBytes: "Largest request body in bytes (a batch may be 16 times larger)."
        case .maxBatchSize: "Most texts in one batch request."
        case .maxModelBytes: "Largest model file or download in bytes."
        case .modelDownloadTimeout: "Deadline for a whole model download."
        case .idleTimeout: "How long an idle client connection is kept open."
        case .requestTimeout: "Deadline for a whole request (head and body) to arrive; past it, 408 and close."
        case .maxConnections: "Most client connections at once; at the cap the longest-idle one is closed."
        case .shutdownGrace: "After the drain, how long in-flight requests may take before the process exits 0 anyway."
        case .shadowModel: "A candidate model (path or URL) scored on a sample of requests, off the answer path; see /metrics."
        case .shadowSample: "Share of requests the shadow model scores, above 0 and at most 1."
        case .driftWindow: "Sliding window of the drift score american_drift_psi; it slides in tenths of it."
        case .logFormat: "Log format: text or json."
        case .logLevel: "Log level: trace, debug, info, notice, warning, error, critical."
        }
    }

    /// The default, as `--help` shows it.
    var defaultDescription: String? {
        let defaults = ServeSettings()
        let configuration = defaults.configuration
        return switch self {
        case .host: configuration.host
        case .port: "\(configuration.port)"
        case .model: configuration.modelSource.description
        case .modelSHA256: nil
        case .modelRefresh: "0"
        case .waitForModel: "false"
        case .drainSeconds: "\(configuration.drain)"
        case .maxBodyBytes: "\(configuration.maxBodyBytes)"
        case .maxBatchSize: "\(configuration.maxBatchSize)"
        case .maxModelBytes: "\(configuration.maxModelBytes)"
        case .modelDownloadTimeout: "\(configuration.modelDownloadTimeout)"
        case .idleTimeout: "\(configuration.idleTimeout)"
        case .requestTimeout: "\(configuration.requestTimeout)"
        case .maxConnections: "\(configuration.maxConnections) (half the file-descriptor limit)"
        case .shutdownGrace: "\(configuration.shutdownGrace)"
        case .shadowModel: nil
        case .shadowSample: "\(configuration.shadowSampleRate)"
        case .driftWindow: "\(configuration.driftWindow)"
        case .logFormat: defaults.logFormat.rawValue
        case .logLevel: defaults.logLevel.rawValue
        }
    }

    /// The `--help` line: summary, environment variables and default.
    var help: String {
        let environment = "env: " + self.environment.joined(separator: " or ")
        return "\(summary) (\(environment)\(defaultDescription.map { ", default \($0)" } ?? ""))"
    }

    /// Reads `text` into `settings`, checking its form and bounds; the error is one line without the source's name.
    func apply(_ text: String, to settings: inout ServeSettings) throws(ServeSettingError) {
        switch self {
        case .host:
            guard !text.isEmpty, !text.contains(where: \.isWhitespace) else { throw .invalid("must be a host name or address") }
            settings.configuration.host = text
        case .port: settings.configuration.port = try Self.integer(text, in: 0...65535)
        case .model:
            do {
                settings.configuration.modelSource = try ModelSource(text)
            } catch {
                throw .invalid(error.description)
            }
        case .modelSHA256:
            guard text.count == 64, text.allSatisfy(\.isHexDigit) else { throw .invalid("must be 64 hexadecimal digits") }
            settings.configuration.modelSHA256 = text.lowercased()
        case .modelRefresh:
            let interval = try Self.duration(text, in: .zero ... .seconds(86_400))
            guard interval == .zero || interval >= .milliseconds(100) else { throw .invalid("must be 0 (off) or at least 100ms") }
            settings.configuration.modelRefresh = interval == .zero ? nil : interval
        case .waitForModel:
            switch text.lowercased() {
            case "1", "true", "yes": settings.configuration.waitForModel = true
            case "0", "false", "no": settings.configuration.waitForModel = false
            default: throw .invalid("must be 1, true, yes, 0, false or no")
            }
        case .drainSeconds: settings.configuration.drain = try Self.duration(text, in: .zero ... .seconds(300))
        case .maxBodyBytes: settings.configuration.maxBodyBytes = try Self.integer(text, in: 1...(16 << 20))
        case .maxBatchSize: settings.configuration.maxBatchSize = try Self.integer(text, in: 1...100_000)
        case .maxModelBytes: settings.configuration.maxModelBytes = try Self.integer(text, in: 1024...(1 << 30))
        case .modelDownloadTimeout: settings.configuration.modelDownloadTimeout = try Self.duration(text, in: .seconds(1) ... .seconds(3600))
        case .idleTimeout: settings.configuration.idleTimeout = try Self.duration(text, in: .seconds(1) ... .seconds(3600))
        case .requestTimeout: settings.configuration.requestTimeout = try Self.duration(text, in: .milliseconds(100) ... .seconds(600))
        case .maxConnections: settings.configuration.maxConnections = try Self.integer(text, in: 1...1_000_000)
        case .shutdownGrace: settings.configuration.shutdownGrace = try Self.duration(text, in: .zero ... .seconds(300))
        case .shadowModel:
            do {
                settings.configuration.shadowModel = try ModelSource(text)
            } catch {
                throw .invalid(error.description)
            }
        case .shadowSample:
            guard let rate = Double(text), rate > 0, rate <= 1 else { throw .invalid("must be a number above 0 and at most 1, not '\(text)'") }
            settings.configuration.shadowSampleRate = rate
        case .driftWindow: settings.configuration.driftWindow = try Self.duration(text, in: .seconds(10) ... .seconds(86_400))
        case .logFormat:
            guard let format = LogFormat(rawValue: text.lowercased()) else { throw .invalid("must be text or json") }
            settings.logFormat = format
        case .logLevel:
            guard let level = Logger.Level(rawValue: text.lowercased()) else { throw .invalid("must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))") }
            settings.logLevel = level
        }
    }

    private static func integer(_ text: String, in bounds: ClosedRange<Int>) throws(ServeSettingError) -> Int {
        guard let value = Int(text), bounds.contains(value) else {
            throw .invalid("must be a whole number from \(bounds.lowerBound) to \(bounds.upperBound), not '\(text)'")
        }
        return value
    }

    private static func duration(_ text: String, in bounds: ClosedRange<Duration>) throws(ServeSettingError) -> Duration {
        guard let value = DurationArgument(argument: text)?.duration, bounds.contains(value) else {
            throw .invalid("must be a duration from \(bounds.lowerBound) to \(bounds.upperBound) (e.g. 5, 500ms, 2m), not '\(text)'")
        }
        return value
    }
}
