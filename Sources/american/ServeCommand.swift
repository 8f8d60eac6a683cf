import ArgumentParser
import Foundation
import Logging
import PredictionService

/// `american serve`: the prediction service.
///
/// Every flag can also come from the environment (the way containers are
/// configured); a flag given on the command line wins.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve predictions over HTTP (POST /api/american) and the web page.",
        discussion: """
        Environment: HOST, PORT, MODEL_PATH, MODEL_URL, MODEL_SHA256, MODEL_REFRESH_SECONDS, \
        DRAIN_SECONDS, WAIT_FOR_MODEL, LOG_FORMAT, LOG_LEVEL, APP_VERSION, APP_REVISION.
        Send SIGHUP to reload the model; SIGTERM drains and exits 0.
        """
    )

    @Option(help: "Address to bind; use 0.0.0.0 in a container. (env: HOST, default 127.0.0.1)")
    var host: String?

    @Option(help: "TCP port. (env: PORT, default 8080)")
    var port: Int?

    @Option(help: "Model file path or http(s) URL. (env: MODEL_PATH or MODEL_URL, default models/american.model.json)")
    var model: String?

    @Option(help: "Refuse a model whose SHA-256 differs. (env: MODEL_SHA256)")
    var modelSha256: String?

    @Option(help: "Seconds between checks for a new model; 0 = only on SIGHUP. (env: MODEL_REFRESH_SECONDS)")
    var modelRefresh: Double?

    @Option(help: "Seconds to keep serving after SIGTERM with /readyz at 503. (env: DRAIN_SECONDS, default 5)")
    var drainSeconds: Double?

    @Flag(help: "Start unready and retry when the model cannot be loaded, instead of exiting. (env: WAIT_FOR_MODEL=1)")
    var waitForModel = false

    @Option(help: "Largest request body in bytes. (env: MAX_BODY_BYTES, default 65536)")
    var maxBodyBytes: Int?

    @Option(help: "Log format: text or json. (env: LOG_FORMAT)")
    var logFormat: LogFormat?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. (env: LOG_LEVEL, default info)")
    var logLevel: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try ServeSettings(command: self, environment: environment).configuration
        let logger = makeLogger(environment: environment)
        let server: PredictionServer
        do {
            server = try await buildApplication(configuration, logger: logger)
        } catch {
            throw CLIError("\(error)")
        }
        logger.info("serving on http://\(configuration.host):\(configuration.port)", metadata: [
            "version": "\(configuration.version.display)", "model_source": "\(configuration.modelSource)",
        ])
        try await server.run(drainSeconds: configuration.drainSeconds, logger: logger)
    }

    private func makeLogger(environment: [String: String]) -> Logger {
        let format = logFormat ?? environment["LOG_FORMAT"].flatMap(LogFormat.init(rawValue:)) ?? .text
        let level = (logLevel ?? environment["LOG_LEVEL"]).flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        var logger = Logger(label: "american") { label in
            switch format {
            case .json: JSONLogHandler(label: label)
            case .text: StreamLogHandler.standardOutput(label: label)
            }
        }
        logger.logLevel = level
        return logger
    }
}

/// The two log formats.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
