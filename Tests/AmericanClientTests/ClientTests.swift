import Foundation
import Testing
@testable import AmericanClient
import TweetClassifier

@Suite("Client", .serialized)
struct ClientTests {
    @Test("predict returns the service's answer; bad URLs and refused connections are clear errors")
    func predict() async throws {
        let live = try await LiveServer(modelPath: ClientFixtures.modelPath(), port: LiveServer.freePort())
        let client = try PredictionClient(url: live.url)
        let answer = try await client.predict("Texas schools closed y'all")
        #expect(answer.isAmerican == 1 && answer.version == "1.0.0" && answer.modelDate == "2025-11-24T16:00:00Z")
        await client.shutdown()
        await live.stop()

        #expect(throws: ClientError.invalidURL("localhost:8080")) { try PredictionClient(url: "localhost:8080") }
        #expect(throws: ClientError.invalidURL("ftp://host")) { try PredictionClient(url: "ftp://host") }
        let refused = try PredictionClient(url: "http://127.0.0.1:\(LiveServer.freePort())")
        await #expect(throws: ClientError.self) { _ = try await refused.predict("x") }
        do {
            _ = try await refused.predict("x")
        } catch {
            #expect(error.kind == "refused", "\(error)")
            #expect(error.description.contains("connection refused"))
        }
        await refused.shutdown()
    }

    @Test("score reports exactly the accuracy computed locally, single and batched", arguments: [nil, 3])
    func score(batch: Int?) async throws {
        let path = try ClientFixtures.modelPath()
        let live = try await LiveServer(modelPath: path, port: LiveServer.freePort())
        let client = try PredictionClient(url: live.url)
        let summary = await LiveScorer(client: client, concurrency: 4, batchSize: batch).score(ClientFixtures.heldOut)
        await client.shutdown()
        await live.stop()
        let model = try TweetModel(file: ModelStorage.read(path))
        let expected = ConfusionMatrix(labels: ClientFixtures.heldOut.map(\.label), predictions: ClientFixtures.heldOut.map { model.predict($0.text).label })
        #expect(summary.confusion == expected)
        #expect(summary.confusion.accuracy == expected.accuracy)
        #expect(expected.accuracy > 0 && expected.accuracy < 1, "the fixture must have right and wrong answers")
        #expect(summary.failed == 0 && summary.sent == ClientFixtures.heldOut.count)
    }

    @Test("watch sees a hot model reload as a transition with zero failures")
    func watchHotReload() async throws {
        let path = try ClientFixtures.modelPath()
        let live = try await LiveServer(modelPath: path, port: LiveServer.freePort())
        let client = try PredictionClient(url: live.url, timeout: 2)
        let watch = Task { await Watcher(client: client, interval: 0.02).run(until: .init(duration: 1.5, untilVersion: nil)) }
        try await Task.sleep(for: .milliseconds(500))
        try ClientFixtures.write(to: path, date: Date(timeIntervalSince1970: 1_764_100_000), kind: .logisticRegression)
        #expect(await live.server.reloader.reload())
        let samples = await watch.value
        await client.shutdown()
        await live.stop()
        let analysis = RolloutAnalysis(samples)
        #expect(analysis.failures == 0)
        #expect(analysis.oldVersion == "1.0.0|2025-11-24T16:00:00Z")
        #expect(analysis.newVersion == "1.0.0|2025-11-25T19:46:40Z")
        let firstNew = try #require(analysis.firstNew)
        #expect(firstNew > 0.3 && firstNew < 1.0)
        #expect(samples.count > 50)
    }

    @Test("stopping the only server mid-watch is measured as an outage of the right length")
    func watchOutage() async throws {
        let path = try ClientFixtures.modelPath()
        let port = LiveServer.freePort()
        let interval = 0.02
        let first = try await LiveServer(modelPath: path, port: port, version: "1.0.0")
        let client = try PredictionClient(url: first.url, timeout: 1)
        let clock = ContinuousClock()
        let started = clock.now
        let watch = Task { await Watcher(client: client, interval: interval).run(until: .init(duration: 3, untilVersion: nil)) }
        try await Task.sleep(for: .milliseconds(700))
        await first.stop()
        let stopped = clock.now - started
        try await Task.sleep(for: .milliseconds(1000))
        let second = try await LiveServer(modelPath: path, port: port, version: "2.0.0")
        let restarted = clock.now - started
        let samples = await watch.value
        await client.shutdown()
        await second.stop()
        let analysis = RolloutAnalysis(samples)
        let expected = Double((restarted - stopped).components.attoseconds) / 1e18 + Double((restarted - stopped).components.seconds)
        #expect(analysis.outages.count == 1)
        #expect(abs(analysis.longestOutage - expected) <= interval + 0.06, "measured \(analysis.longestOutage) s, expected \(expected) s")
        #expect(analysis.failures > 0)
        #expect(analysis.newVersion?.hasPrefix("2.0.0|") == true)
    }
}

@Suite("Rollout analysis")
struct RolloutAnalysisTests {
    func answered(_ time: Double, _ version: String) -> WatchSample {
        .answered(at: time, version: version, modelDate: "d", latencyMs: 1)
    }

    @Test("outages, mixed window and first new version from a hand-made series")
    func analysis() {
        let samples = [
            answered(0.0, "A"), answered(0.1, "A"), .failed(at: 0.2, kind: "refused", latencyMs: 1),
            .failed(at: 0.3, kind: "refused", latencyMs: 1), answered(0.4, "B"), answered(0.5, "A"),
            answered(0.6, "B"), .failed(at: 0.7, kind: "http_503", latencyMs: 1), answered(0.8, "B"),
        ]
        let analysis = RolloutAnalysis(samples)
        #expect(analysis.failures == 3)
        #expect(analysis.outages.count == 2)
        #expect(abs(analysis.longestOutage - 0.2) < 1e-9)
        #expect(abs(analysis.totalUnavailable - 0.3) < 1e-9)
        #expect(analysis.firstNew == 0.4 && analysis.lastOld == 0.5)
        #expect(abs(analysis.mixedWindow - 0.1) < 1e-9)
        #expect(analysis.latencyBefore.count == 2 && analysis.latencyDuring.count == 2 && analysis.latencyAfter.count == 2)
    }

    @Test("an outage still open at the end lasts until the last sample")
    func openOutage() {
        let analysis = RolloutAnalysis([answered(0, "A"), .failed(at: 1, kind: "timeout", latencyMs: 1), .failed(at: 2, kind: "timeout", latencyMs: 1)])
        #expect(analysis.longestOutage == 1)
        #expect(analysis.firstNew == nil)
    }

    @Test("stability: a version must answer alone for the whole window")
    func stability() {
        let samples = [answered(0, "A"), answered(1, "B"), answered(2, "B"), answered(3, "B")]
        #expect(Watcher.stable(samples, version: "B", for: 2, now: 3.05))
        #expect(!Watcher.stable(samples, version: "B", for: 2, now: 2.5))
        #expect(!Watcher.stable(samples + [answered(3.02, "A")], version: "B", for: 2, now: 3.05))
        #expect(Watcher.stable(samples, version: "d", for: 2, now: 3.05), "a model date matches too")
    }

    @Test("the CSV has one row per request")
    func csv() {
        let text = WatchLog.csv([answered(0, "A"), .failed(at: 0.5, kind: "refused", latencyMs: 2)])
        #expect(text == "time_s,outcome,latency_ms,version,model_date\n0.000,ok,1.000,A,d\n0.500,refused,2.000,,\n")
    }
}

@Suite("Score summary")
struct ScoreSummaryTests {
    @Test("accuracy and errors from hand-counted answers")
    func handCounted() {
        var summary = ScoreSummary()
        summary.add(label: 1, prediction: 1, latencyMs: 2)
        summary.add(label: 0, prediction: 1, latencyMs: 4)
        summary.add(labels: [0, 1], predictions: [0, 0], latencyMs: 6)
        summary.addFailure(.timeout("u"), count: 2)
        #expect(summary.confusion.accuracy == 0.5)
        #expect(summary.sent == 6 && summary.failed == 2)
        #expect(summary.errors == ["timeout": 2])
        #expect(summary.latency(0.5) == 4)
    }
}
