import Foundation
import PredictionService

/// Merges `serve`'s flags with the environment into a service configuration:
/// a flag wins over its variable, which wins over the default. Kept apart
/// from the command so the precedence rules read in one place.
struct ServeSettings {
    let configuration: ServiceConfiguration

    init(command: ServeCommand, environment: [String: String]) throws {
        func value(_ flag: String?, _ name: String) -> String? {
            flag ?? environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        func number(_ flag: Double?, _ name: String) throws -> Double? {
            if let flag { return flag }
            guard let text = value(nil, name) else { return nil }
            guard let parsed = Double(text), parsed >= 0 else { throw CLIError("\(name) must be a non-negative number, not '\(text)'") }
            return parsed
        }
        var configuration = ServiceConfiguration()
        configuration.host = value(command.host, "HOST") ?? configuration.host
        if let port = try number(command.port.map(Double.init), "PORT") {
            guard port <= 65535, port == port.rounded() else { throw CLIError("the port must be a whole number from 0 to 65535") }
            configuration.port = Int(port)
        }
        if let source = command.model ?? value(nil, "MODEL_URL") ?? value(nil, "MODEL_PATH") {
            do {
                configuration.modelSource = try ModelSource(source)
            } catch {
                throw CLIError(error.description)
            }
        }
        if let sha = value(command.modelSha256, "MODEL_SHA256") {
            guard sha.count == 64, sha.allSatisfy(\.isHexDigit) else { throw CLIError("MODEL_SHA256 must be 64 hexadecimal digits") }
            configuration.modelSHA256 = sha
        }
        configuration.modelRefreshSeconds = try number(command.modelRefresh, "MODEL_REFRESH_SECONDS") ?? 0
        configuration.drainSeconds = try number(command.drainSeconds, "DRAIN_SECONDS") ?? configuration.drainSeconds
        configuration.waitForModel = command.waitForModel || ["1", "true", "yes"].contains(environment["WAIT_FOR_MODEL"]?.lowercased() ?? "")
        if let bytes = try number(command.maxBodyBytes.map(Double.init), "MAX_BODY_BYTES") {
            configuration.maxBodyBytes = max(1, Int(bytes))
        }
        self.configuration = configuration
    }
}
