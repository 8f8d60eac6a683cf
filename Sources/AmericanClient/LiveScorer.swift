#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TweetClassifier

/// Sends every labelled tweet to a live service, `concurrency` requests at a
/// time (or in batches), and collects a `ScoreSummary`.
public struct LiveScorer: Sendable {
    let client: PredictionClient
    let concurrency: Int
    let batchSize: Int?

    /// Creates a scorer; `batchSize` switches to the batch endpoint.
    public init(client: PredictionClient, concurrency: Int, batchSize: Int?) {
        self.client = client
        self.concurrency = max(1, concurrency)
        self.batchSize = batchSize.map { max(1, $0) }
    }

    /// Scores `tweets`; `progress` hears how many tweets are done.
    public func score(_ tweets: [LabeledTweet], progress: @escaping @Sendable (Int) -> Void = { _ in }) async -> ScoreSummary {
        let size = batchSize ?? 1
        let chunks = stride(from: 0, to: tweets.count, by: size).map { Array(tweets[$0..<min($0 + size, tweets.count)]) }
        var summary = ScoreSummary()
        await withTaskGroup(of: (chunk: [LabeledTweet], result: Result<[Label], ClientError>, latency: Duration).self) { group in
            var next = 0
            func launch() {
                guard next < chunks.count else { return }
                let chunk = chunks[next]
                next += 1
                group.addTask { await send(chunk) }
            }
            for _ in 0..<concurrency { launch() }
            while let outcome = await group.next() {
                switch outcome.result {
                case let .success(predictions) where batchSize == nil:
                    summary.add(label: outcome.chunk[0].label, prediction: predictions[0], latency: outcome.latency)
                case let .success(predictions):
                    summary.add(labels: outcome.chunk.map(\.label), predictions: predictions, latency: outcome.latency)
                case let .failure(error):
                    summary.addFailure(error, count: outcome.chunk.count)
                }
                progress(summary.sent)
                launch()
            }
        }
        return summary
    }

    private func send(_ chunk: [LabeledTweet]) async -> (chunk: [LabeledTweet], result: Result<[Label], ClientError>, latency: Duration) {
        let started = ContinuousClock.now
        let result: Result<[Label], ClientError>
        do throws(ClientError) {
            result = .success(batchSize == nil ? [try await client.predict(chunk[0].text).isAmerican] : try await client.predictBatch(chunk.map(\.text)))
        } catch {
            result = .failure(error)
        }
        return (chunk, result, ContinuousClock.now - started)
    }
}
