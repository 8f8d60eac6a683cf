@testable import american
import Testing

@Suite("serve settings")
struct ServeSettingsTests {
    func settings(_ flags: [ServeSetting: String] = [:], _ environment: [String: String] = [:]) throws -> ServeSettings {
        try ServeSettings(flags: flags, environment: environment)
    }

    @Test("a flag wins over its variable, which wins over the default; empty variables are unset")
    func precedence() throws {
        #expect(try settings().configuration.port == 8080)
        #expect(try settings([:], ["PORT": "9000"]).configuration.port == 9000)
        #expect(try settings([.port: "9100"], ["PORT": "9000"]).configuration.port == 9100)
        #expect(try settings([:], ["PORT": ""]).configuration.port == 8080)
        #expect(try settings([:], ["MODEL_URL": "https://example.org/m.json", "MODEL_PATH": "/m.json"]).configuration.modelSource.description
            == "https://example.org/m.json")
        #expect(try settings([:], ["MODEL_PATH": "/m.json"]).configuration.modelSource.description == "/m.json")
        #expect(try settings([:], ["DRAIN_SECONDS": "1.5"]).configuration.drain == .milliseconds(1500))
        #expect(try settings([.drainSeconds: "250ms"], ["DRAIN_SECONDS": "9"]).configuration.drain == .milliseconds(250))
        #expect(try settings([:], ["MODEL_REFRESH_SECONDS": "0"]).configuration.modelRefresh == nil)
        #expect(try settings([:], ["MODEL_REFRESH_SECONDS": "2m"]).configuration.modelRefresh == .seconds(120))
        #expect(try settings([:], ["WAIT_FOR_MODEL": "yes"]).configuration.waitForModel)
        #expect(try settings([:], ["MAX_BATCH_SIZE": "10", "IDLE_TIMEOUT": "5", "MODEL_DOWNLOAD_TIMEOUT": "1m", "MAX_MODEL_BYTES": "2048"]).configuration
            .maxBatchSize == 10)
        #expect(try settings([:], ["LOG_FORMAT": "JSON", "LOG_LEVEL": "Debug"]).logFormat == .json)
    }

    @Test("every setting is reachable by a flag and a variable, with help naming both", arguments: ServeSetting.allCases)
    func reachable(setting: ServeSetting) {
        #expect(!setting.environment.isEmpty)
        #expect(setting.help.contains(setting.environment[0]))
        #expect(ServeCommand.helpMessage().contains("--\(setting.flag)"))
    }

    @Test("invalid values are one-line errors naming their source", arguments: [
        ([ServeSetting.port: "99999"], [String: String](), "--port must be a whole number from 0 to 65535"),
        ([:], ["PORT": "80.5"], "PORT must be a whole number"),
        ([:], ["PORT": "1e3"], "PORT must be a whole number"),
        ([.drainSeconds: "1e308"], [:], "--drain-seconds must be a duration"),
        ([:], ["DRAIN_SECONDS": "nan"], "DRAIN_SECONDS must be a duration"),
        ([:], ["DRAIN_SECONDS": "-1"], "DRAIN_SECONDS must be a duration"),
        ([.modelRefresh: "1e308"], [:], "--model-refresh must be a duration"),
        ([.modelRefresh: "0.000001"], [:], "--model-refresh must be 0 (off) or at least 100ms"),
        ([:], ["MODEL_SHA256": "SET-BY-WORKFLOW"], "MODEL_SHA256 must be 64 hexadecimal digits"),
        ([:], ["WAIT_FOR_MODEL": "maybe"], "WAIT_FOR_MODEL must be 1, true, yes"),
        ([.maxBodyBytes: "0"], [:], "--max-body-bytes must be a whole number from 1"),
        ([:], ["IDLE_TIMEOUT": "0"], "IDLE_TIMEOUT must be a duration from"),
        ([.model: "ftp://x/m.json"], [:], "--model bad model source"),
        ([:], ["LOG_LEVEL": "loud"], "LOG_LEVEL must be one of"),
        ([:], ["HOST": "a b"], "HOST must be a host name"),
    ])
    func invalid(flags: [ServeSetting: String], environment: [String: String], message: String) {
        do {
            _ = try settings(flags, environment)
            Issue.record("accepted \(flags) \(environment)")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
            #expect(!"\(error)".contains("\n"))
        }
    }
}
