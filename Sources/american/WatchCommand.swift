import AmericanClient
import ArgumentParser
import Dispatch
import Foundation
import Synchronization

/// `american watch`: probe a service at a fixed rate during a rollout and
/// report when the new version arrived and how long users saw failures.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Watch a live rollout: version changes, failures and outages.",
        discussion: "Stops after --duration, once --until-version has answered alone for 2 s, or on Ctrl-C; then reports."
    )

    @OptionGroup var service: ServiceOptions

    @Option(help: "Seconds between requests (0.05 = 20 requests/s).")
    var interval = 0.1

    @Option(help: "Stop after this long: 90s, 10m, 1h.")
    var duration: WatchDuration?

    @Option(help: "Stop once this version (or model date) answers alone.")
    var untilVersion: String?

    @Option(help: "When the change was pushed (ISO-8601), to report the time to the new version.")
    var since: String?

    @Option(help: "Write every request to this CSV.")
    var csv: String?

    @Option(help: "Write a Markdown report (with an SVG timeline beside it).")
    var report: String?

    @Option(help: "Seconds before a request counts as timed out.")
    var timeout = 2.0

    func validate() throws {
        if !(interval > 0) { throw ValidationError("--interval must be positive") }
        if duration == nil && untilVersion == nil { throw ValidationError("give --duration or --until-version (or both)") }
        if let since, ISO8601DateFormatter().date(from: since) == nil { throw ValidationError("--since must be ISO-8601, e.g. 2026-11-25T10:00:00Z") }
    }

    func run() async throws {
        let client = try service.client(timeout: timeout, connections: 64)
        let started = Date()
        let interrupted = Self.trapInterrupt()
        let last = Mutex<String?>(nil)
        let samples = await Watcher(client: client, interval: interval).run(
            until: .init(duration: duration?.seconds, untilVersion: untilVersion, interrupted: { interrupted.load() })
        ) { sample in
            let state = sample.servedBy ?? "FAILED (\(sample.failure ?? "?"))"
            let changed = last.withLock { previous -> Bool in
                defer { previous = state }
                return previous != state
            }
            if changed { print(String(format: "%8.3f s  %@", sample.time, state)) }
        }
        await client.shutdown()
        let analysis = RolloutAnalysis(samples)
        let sinceOffset = since.flatMap { ISO8601DateFormatter().date(from: $0) }.map { $0.timeIntervalSince(started) }
        print(analysis.text(since: sinceOffset))
        if let csv {
            try ReportWriter.save(WatchLog.csv(samples), to: csv)
        }
        if let report {
            try ReportWriter.write(
                analysis.markdown(url: service.url, interval: interval, since: sinceOffset, figurePrefix: ReportWriter.figurePrefix(for: report)),
                to: report, figures: ["timeline.svg": RolloutAnalysis.timeline(samples, url: service.url)]
            )
        }
    }

    /// Turns Ctrl-C into a flag the watch checks, so it stops and still reports.
    private static func trapInterrupt() -> InterruptFlag {
        let flag = InterruptFlag()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT)
        source.setEventHandler { flag.set() }
        source.resume()
        flag.keep(source)
        return flag
    }
}

/// Set once by the SIGINT handler, read by the watch loop.
final class InterruptFlag: Sendable {
    private let state = Mutex<(set: Bool, source: (any DispatchSourceSignal)?)>((false, nil))

    func set() { state.withLock { $0.set = true } }
    func load() -> Bool { state.withLock { $0.set } }
    func keep(_ source: any DispatchSourceSignal) { state.withLock { $0.source = source } }
}

/// A duration on the command line: `500ms`, `90s`, `10m`, `1h`, or plain seconds.
struct WatchDuration: ExpressibleByArgument {
    let seconds: Double

    init?(argument: String) {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where argument.hasSuffix(suffix) {
            guard let value = Double(argument.dropLast(suffix.count)), value > 0 else { return nil }
            seconds = value * scale
            return
        }
        guard let value = Double(argument), value > 0 else { return nil }
        seconds = value
    }
}
