import Foundation

/// The real `american` executable that `swift test` builds beside the test
/// bundle, run as a user (or Kubernetes) would run it.
enum AmericanExecutable {
    /// What a finished run left: its exit status and its standard-error lines.
    struct Outcome {
        let status: Int32
        let errorLines: [String]
    }

    /// Why the executable could not be run.
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "no `american` executable next to the test bundle: run `swift build` first" }
    }

    /// The executable's location.
    static func url() throws -> URL {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("american")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw NotBuilt()
    }

    /// Starts `american arguments…` with its output discarded; the caller signals and waits.
    static func start(_ arguments: [String], environment: [String: String]? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `american arguments…` to the end and collects its standard error
    /// (the progress lines of reading files left out).
    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        if let environment { process.environment = environment }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("reading ") }
        return Outcome(status: process.terminationStatus, errorLines: lines)
    }
}
