import AmericanClient
import ArgumentParser
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import Reports
import Synchronization
import TweetClassifier

/// `american watch`: probe a service at a fixed rate during a rollout and
/// report when the new version arrived and how long users saw failures.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Watch a live rollout: version changes, failures and outages.",
        discussion: "Stops after --duration, once --until-version has answered alone for 2 s, or on Ctrl-C; then reports."
    )

    @OptionGroup var service: ServiceOptions

    @Option(help: "Time between requests: 50ms (= 20 requests/s), or plain seconds.")
    var interval = DurationArgument(.milliseconds(100))

    @Option(help: "Stop after this long: 90s, 10m, 1h.")
    var duration: DurationArgument?

    @Option(help: "Stop once this version (or model date) answers alone.")
    var untilVersion: String?

    @Option(help: "When the change was pushed (ISO-8601), to report the time to the new version.")
    var since: String?

    @Option(help: "Write every request to this CSV.")
    var csv: String?

    @Option(help: "Write a Markdown report (with an SVG timeline beside it).")
    var report: String?

    @Flag(help: "Open a new connection for every request (a user without keep-alive) instead of reusing them.")
    var newConnection = false

    @Option(help: "How long before a request counts as timed out: 2s, 500ms.")
    var timeout = DurationArgument(.seconds(2))

    func validate() throws {
        if duration == nil && untilVersion == nil { throw ValidationError("give --duration or --until-version (or both)") }
        if let since, ISO8601Date.parse(since) == nil { throw ValidationError("--since must be ISO-8601, e.g. 2026-11-25T10:00:00Z") }
    }

    func run() async throws {
        let client = try service.client(timeout: timeout.duration, connections: 64, newConnectionPerRequest: newConnection)
        let started = Date()
        let interrupted = Self.trapInterrupt()
        let last = Mutex<String?>(nil)
        let samples = await Watcher(client: client, interval: interval.duration).run(
            until: .init(duration: duration?.duration, untilVersion: untilVersion, interrupted: { interrupted.load() })
        ) { sample in
            let state = switch sample.outcome {
            case let .answered(servedBy): servedBy.description
            case let .failed(kind): "FAILED (\(kind))"
            }
            let changed = last.withLock { previous -> Bool in
                defer { previous = state }
                return previous != state
            }
            if changed { print("\(Fixed.format(sample.offset.seconds, digits: 3, width: 8)) s  \(state)") }
        }
        await client.shutdown()
        let analysis = RolloutAnalysis(samples)
        let sinceOffset = since.flatMap(ISO8601Date.parse).map { Duration.seconds($0.timeIntervalSince(started)) }
        print(analysis.text(since: sinceOffset))
        if let csv {
            try ReportWriter.save(WatchLog.csv(samples), to: csv)
        }
        if let report {
            try ReportWriter.write(
                analysis.markdown(url: service.url, interval: interval.duration, since: sinceOffset, figurePrefix: ReportWriter.figurePrefix(for: report)),
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
