import AmericanClient
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Reports
import Synchronization
import TweetClassifier

/// `american score`: send a whole labelled CSV to a running service and
/// report how right and how fast it was.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "Score a labelled CSV against a running service.")

    @OptionGroup var service: ServiceOptions

    @Option(help: "Labelled CSV to send.")
    var data: String

    @Option(help: "Requests in flight at once.")
    var concurrency = 16

    @Option(help: "Send only the first N tweets.")
    var limit: Int?

    @Option(help: "Use the batch endpoint with N tweets per request.")
    var batch: Int?

    @Option(help: "Write a Markdown report (with an SVG latency histogram beside it).")
    var report: String?

    @Option(help: "The served model's file: also report the drift of the CSV's tweets against its training reference.")
    var model: String?

    @OptionGroup var dataset: DatasetOptions

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let batch, !(1...1000).contains(batch) { throw ValidationError("--batch must be between 1 and 1000") }
    }

    func run() async throws {
        var tweets = try dataset.load(data).0.examples
        if let limit { tweets = Array(tweets.prefix(limit)) }
        let drift = try model.map { try Self.drift(of: tweets, model: $0) }
        let client = try service.client(connections: concurrency)
        let progress = Mutex(ProgressDisplay())
        let total = tweets.count
        let started = ContinuousClock.now
        let summary = await LiveScorer(client: client, concurrency: concurrency, batchSize: batch).score(tweets) { done in
            progress.withLock { $0.update("scoring", done: done, total: total) }
        }
        let elapsed = ContinuousClock.now - started
        progress.withLock { $0.finish() }
        await client.shutdown()
        print(summary.text(elapsed: elapsed))
        if let drift { print(drift.text) }
        if let report {
            try ReportWriter.write(
                summary.markdown(url: service.url, dataName: URL(fileURLWithPath: data).lastPathComponent, elapsed: elapsed,
                                 figurePrefix: ReportWriter.figurePrefix(for: report)) + (drift.map { "\n" + $0.markdown } ?? ""),
                to: report, figures: ["latency.svg": SVGCharts.latencyHistogram(summary.latenciesMs)]
            )
        }
        if summary.confusion.total == 0 {
            throw CLIError("no request succeeded (\(summary.errors.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))")
        }
    }

    /// The drift of `tweets` against the reference stored in the model file at `path`,
    /// counted with the server's own bins and score.
    static func drift(of tweets: [LabeledTweet], model path: String) throws -> DriftReport {
        let model = try ModelStorage.readModel(path)
        guard let reference = model.file.metadata.driftReference else {
            throw CLIError("'\(path)' has no drift reference (only hashed models calibrated by cross-validation carry one)")
        }
        var counts = DriftCounts()
        for tweet in tweets { counts.add(model.assess(tweet.text)) }
        return DriftReport(counts: counts, reference: reference)
    }
}
