import Logging
import PredictionService

/// What `american serve` runs with: the service configuration and the log setup.
///
/// Built from the `ServeSetting` table: for every setting the flag wins over
/// its environment variables, which win over the default. An empty variable
/// counts as unset (as container runtimes often pass them).
struct ServeSettings: Sendable {
    /// The service's configuration.
    var configuration = ServiceConfiguration()
    /// The log line format.
    var logFormat = LogFormat.text
    /// The lowest level logged.
    var logLevel = Logger.Level.info

    /// The defaults.
    init() {}

    /// Merges `flags` (the values given on the command line) over `environment`.
    init(flags: [ServeSetting: String], environment: [String: String]) throws(CLIError) {
        for setting in ServeSetting.allCases {
            let source: (name: String, value: String)?
            if let flag = flags[setting] {
                source = ("--\(setting.flag)", flag)
            } else {
                source = setting.environment.lazy.compactMap { name in
                    environment[name].flatMap { $0.isEmpty ? nil : (name, $0) }
                }.first
            }
            guard let source else { continue }
            do throws(ServeSettingError) {
                try setting.apply(source.value, to: &self)
            } catch {
                throw CLIError("\(source.name) \(error.reason)")
            }
        }
    }
}
