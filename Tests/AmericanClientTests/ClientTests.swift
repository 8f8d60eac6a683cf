import Foundation
import TestFixtures
import Testing
@testable import AmericanClient
import TweetClassifier

@Suite("Client", .serialized)
struct ClientTests {
    @Test("predict returns the service's answer; bad URLs and refused connections are clear errors")
    func predict() async throws {
        let live = try await LiveServer(modelPath: FixtureModels.path(kind: .naiveBayes), port: LoopbackPort.free())
        let client = try PredictionClient(url: live.url)
        let answer = try await client.predict("Texas schools closed y'all")
        #expect(answer.isAmerican == .american && answer.version == "1.0.0" && answer.modelDate == "2025-11-24T16:00:00Z")
        await client.shutdown()
        await live.stop()

        #expect(throws: ClientError.invalidURL("localhost:8080")) { try PredictionClient(url: "localhost:8080") }
        #expect(throws: ClientError.invalidURL("ftp://host")) { try PredictionClient(url: "ftp://host") }
        let refused = try PredictionClient(url: "http://127.0.0.1:\(LoopbackPort.free())")
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
        let path = try FixtureModels.path(kind: .naiveBayes)
        let live = try await LiveServer(modelPath: path, port: LoopbackPort.free())
        let client = try PredictionClient(url: live.url)
        let summary = await LiveScorer(client: client, concurrency: 4, batchSize: batch).score(FixtureCorpus.heldOut)
        await client.shutdown()
        await live.stop()
        let model = try TweetModel(file: ModelStorage.read(path))
        let expected = ConfusionMatrix(labels: FixtureCorpus.heldOut.map(\.label), predictions: FixtureCorpus.heldOut.map { model.predict($0.text).label })
        #expect(summary.confusion == expected)
        #expect(summary.confusion.accuracy == expected.accuracy)
        #expect(expected.accuracy > 0 && expected.accuracy < 1, "the fixture must have right and wrong answers")
        #expect(summary.failed == 0 && summary.sent == FixtureCorpus.heldOut.count)
    }

    @Test("watch sees a hot model reload as a transition with zero failures")
    func watchHotReload() async throws {
        let path = try FixtureModels.path(kind: .naiveBayes)
        let live = try await LiveServer(modelPath: path, port: LoopbackPort.free())
        let client = try PredictionClient(url: live.url, timeout: .seconds(2))
        let watch = Task { await Watcher(client: client, interval: .milliseconds(20)).run(until: .init(duration: .milliseconds(1500), untilVersion: nil)) }
        try await Task.sleep(for: .milliseconds(500))
        try FixtureModels.write(to: path, kind: .logisticRegression, date: Date(timeIntervalSince1970: 1_764_100_000))
        #expect(await live.server.reloader.reload())
        let samples = await watch.value
        await client.shutdown()
        await live.stop()
        let analysis = RolloutAnalysis(samples)
        #expect(analysis.failures == 0)
        #expect(analysis.oldVersion == ServedBy(version: "1.0.0", modelDate: "2025-11-24T16:00:00Z"))
        #expect(analysis.newVersion == ServedBy(version: "1.0.0", modelDate: "2025-11-25T19:46:40Z"))
        let firstNew = try #require(analysis.firstNew)
        #expect(firstNew > .milliseconds(300) && firstNew < .seconds(1))
        #expect(samples.count > 50)
    }

    @Test("stopping the only server mid-watch is measured as an outage of the right length")
    func watchOutage() async throws {
        let path = try FixtureModels.path(kind: .naiveBayes)
        let port = LoopbackPort.free()
        let interval = Duration.milliseconds(20)
        let first = try await LiveServer(modelPath: path, port: port, version: "1.0.0")
        let client = try PredictionClient(url: first.url, timeout: .seconds(1))
        let clock = ContinuousClock()
        let started = clock.now
        let watch = Task { await Watcher(client: client, interval: interval).run(until: .init(duration: .seconds(3), untilVersion: nil)) }
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
        let expected = restarted - stopped
        #expect(analysis.outages.count == 1)
        let error = analysis.longestOutage > expected ? analysis.longestOutage - expected : expected - analysis.longestOutage
        #expect(error <= interval + .milliseconds(60), "measured \(analysis.longestOutage), expected \(expected)")
        #expect(analysis.failures > 0)
        #expect(analysis.newVersion?.version == "2.0.0")
    }
}

@Suite("Rollout analysis")
struct RolloutAnalysisTests {
    func answered(_ seconds: Double, _ version: String) -> WatchSample {
        WatchSample(offset: .seconds(seconds), outcome: .answered(ServedBy(version: version, modelDate: "d")), latency: .milliseconds(1))
    }

    func failed(_ seconds: Double, _ kind: String, latency: Duration = .milliseconds(1)) -> WatchSample {
        WatchSample(offset: .seconds(seconds), outcome: .failed(kind: kind), latency: latency)
    }

    @Test("outages, mixed window and first new version from a hand-made series")
    func analysis() {
        let samples = [
            answered(0.0, "A"), answered(0.1, "A"), failed(0.2, "refused"),
            failed(0.3, "refused"), answered(0.4, "B"), answered(0.5, "A"),
            answered(0.6, "B"), failed(0.7, "http_503"), answered(0.8, "B"),
        ]
        let analysis = RolloutAnalysis(samples)
        #expect(analysis.failures == 3)
        #expect(analysis.outages.count == 2)
        #expect(analysis.longestOutage == .milliseconds(200))
        #expect(analysis.totalUnavailable == .milliseconds(300))
        #expect(analysis.firstNew == .milliseconds(400) && analysis.lastOld == .milliseconds(500))
        #expect(analysis.mixedWindow == .milliseconds(100))
        #expect(analysis.latencyBefore.count == 2 && analysis.latencyDuring.count == 2 && analysis.latencyAfter.count == 2)
    }

    @Test("an outage still open at the end lasts until the last sample")
    func openOutage() {
        let analysis = RolloutAnalysis([answered(0, "A"), failed(1, "timeout"), failed(2, "timeout")])
        #expect(analysis.longestOutage == .seconds(1))
        #expect(analysis.firstNew == nil)
    }

    @Test("stability: a version must answer alone for the whole window")
    func stability() {
        let samples = [answered(0, "A"), answered(1, "B"), answered(2, "B"), answered(3, "B")]
        #expect(Watcher.stable(samples, version: "B", for: .seconds(2), now: .milliseconds(3050)))
        #expect(!Watcher.stable(samples, version: "B", for: .seconds(2), now: .milliseconds(2500)))
        #expect(!Watcher.stable(samples + [answered(3.02, "A")], version: "B", for: .seconds(2), now: .milliseconds(3050)))
        #expect(Watcher.stable(samples, version: "d", for: .seconds(2), now: .milliseconds(3050)), "a model date matches too")
    }

    @Test("the CSV has one row per request, CRLF-terminated")
    func csv() {
        let text = WatchLog.csv([answered(0, "A"), failed(0.5, "refused", latency: .milliseconds(2))])
        #expect(text == "time_s,outcome,latency_ms,version,model_date\r\n0.000,ok,1.000,A,d\r\n0.500,refused,2.000,,\r\n")
    }

    @Test("CSV fields with commas, quotes or line breaks are quoted per RFC 4180")
    func csvQuoting() {
        let sample = WatchSample(offset: .zero, outcome: .answered(ServedBy(version: "1.0, \"rc\"", modelDate: "a\nb")), latency: .zero)
        #expect(WatchLog.csv([sample]).hasSuffix("0.000,ok,0.000,\"1.0, \"\"rc\"\"\",\"a\nb\"\r\n"))
        #expect(WatchLog.quoted("plain") == "plain")
        #expect(WatchLog.quoted("x\r\ny") == "\"x\r\ny\"")
    }
}

@Suite("Score summary")
struct ScoreSummaryTests {
    @Test("accuracy and errors from hand-counted answers")
    func handCounted() {
        var summary = ScoreSummary()
        summary.add(label: .american, prediction: .american, latency: .milliseconds(2))
        summary.add(label: .notAmerican, prediction: .american, latency: .milliseconds(4))
        summary.add(labels: [.notAmerican, .american], predictions: [.notAmerican, .notAmerican], latency: .milliseconds(6))
        summary.addFailure(.timeout("u"), count: 2)
        #expect(summary.confusion.accuracy == 0.5)
        #expect(summary.sent == 6 && summary.failed == 2)
        #expect(summary.errors == ["timeout": 2])
        #expect(summary.latency(0.5) == 4)
    }
}
