import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PredictionService

/// `american serve`: the prediction service.
///
/// Every option is a row of the `ServeSetting` table, which also gives its
/// environment variable, default, bounds and help; a flag on the command
/// line wins over the environment (the way containers are configured).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve predictions over HTTP (POST /api/american) and the web page.",
        discussion: """
        Every option can also be set in the environment: \
        \(ServeSetting.allCases.flatMap(\.environment).joined(separator: ", ")); \
        APP_VERSION and APP_REVISION name the build.
        Send SIGHUP to reload the model; SIGTERM drains and exits 0.
        """
    )

    @Option(name: .customLong(ServeSetting.host.flag), help: .init(ServeSetting.host.help)) var host: String?
    @Option(name: .customLong(ServeSetting.port.flag), help: .init(ServeSetting.port.help)) var port: String?
    @Option(name: .customLong(ServeSetting.model.flag), help: .init(ServeSetting.model.help)) var model: String?
    @Option(name: .customLong(ServeSetting.modelSHA256.flag), help: .init(ServeSetting.modelSHA256.help)) var modelSHA256: String?
    @Option(name: .customLong(ServeSetting.modelRefresh.flag), help: .init(ServeSetting.modelRefresh.help)) var modelRefresh: String?
    @Flag(name: .customLong(ServeSetting.waitForModel.flag), help: .init(ServeSetting.waitForModel.help)) var waitForModel = false
    @Option(name: .customLong(ServeSetting.drainSeconds.flag), help: .init(ServeSetting.drainSeconds.help)) var drainSeconds: String?
    @Option(name: .customLong(ServeSetting.maxBodyBytes.flag), help: .init(ServeSetting.maxBodyBytes.help)) var maxBodyBytes: String?
    @Option(name: .customLong(ServeSetting.maxBatchSize.flag), help: .init(ServeSetting.maxBatchSize.help)) var maxBatchSize: String?
    @Option(name: .customLong(ServeSetting.maxModelBytes.flag), help: .init(ServeSetting.maxModelBytes.help)) var maxModelBytes: String?
    @Option(name: .customLong(ServeSetting.modelDownloadTimeout.flag), help: .init(ServeSetting.modelDownloadTimeout.help))
    var modelDownloadTimeout: String?
    @Option(name: .customLong(ServeSetting.idleTimeout.flag), help: .init(ServeSetting.idleTimeout.help)) var idleTimeout: String?
    @Option(name: .customLong(ServeSetting.requestTimeout.flag), help: .init(ServeSetting.requestTimeout.help)) var requestTimeout: String?
    @Option(name: .customLong(ServeSetting.maxConnections.flag), help: .init(ServeSetting.maxConnections.help)) var maxConnections: String?
    @Option(name: .customLong(ServeSetting.shutdownGrace.flag), help: .init(ServeSetting.shutdownGrace.help)) var shutdownGrace: String?
    @Option(name: .customLong(ServeSetting.shadowModel.flag), help: .init(ServeSetting.shadowModel.help)) var shadowModel: String?
    @Option(name: .customLong(ServeSetting.shadowSample.flag), help: .init(ServeSetting.shadowSample.help)) var shadowSample: String?
    @Option(name: .customLong(ServeSetting.driftWindow.flag), help: .init(ServeSetting.driftWindow.help)) var driftWindow: String?
    @Option(name: .customLong(ServeSetting.logFormat.flag), help: .init(ServeSetting.logFormat.help)) var logFormat: String?
    @Option(name: .customLong(ServeSetting.logLevel.flag), help: .init(ServeSetting.logLevel.help)) var logLevel: String?

    /// The values given on the command line, by setting.
    var flags: [ServeSetting: String] {
        let given: [ServeSetting: String?] = [
            .host: host, .port: port, .model: model, .modelSHA256: modelSHA256, .modelRefresh: modelRefresh,
            .waitForModel: waitForModel ? "true" : nil, .drainSeconds: drainSeconds, .maxBodyBytes: maxBodyBytes,
            .maxBatchSize: maxBatchSize, .maxModelBytes: maxModelBytes, .modelDownloadTimeout: modelDownloadTimeout,
            .idleTimeout: idleTimeout, .requestTimeout: requestTimeout, .maxConnections: maxConnections,
            .shutdownGrace: shutdownGrace, .shadowModel: shadowModel, .shadowSample: shadowSample, .driftWindow: driftWindow, .logFormat: logFormat, .logLevel: logLevel,
        ]
        return given.compactMapValues { $0 }
    }

    func run() async throws {
        let settings = try ServeSettings(flags: flags, environment: ProcessInfo.processInfo.environment)
        let configuration = settings.configuration
        let logger = Self.makeLogger(settings)
        let server = buildApplication(configuration, logger: logger)
        logger.info("serving on http://\(configuration.host):\(configuration.port)", metadata: [
            "version": "\(configuration.version.display)", "model_source": "\(configuration.modelSource)",
        ])
        do {
            try await server.run(logger: logger)
        } catch let error as ModelLoadError {
            throw CLIError(error.description)
        }
    }

    private static func makeLogger(_ settings: ServeSettings) -> Logger {
        var logger = Logger(label: "american") { label in
            switch settings.logFormat {
            case .json: JSONLogHandler(label: label)
            case .text: StreamLogHandler.standardOutput(label: label)
            }
        }
        logger.logLevel = settings.logLevel
        return logger
    }
}
