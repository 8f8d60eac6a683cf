import Hummingbird
import HummingbirdTesting
@testable import PredictionService
import TestFixtures
import Testing
@testable import TweetClassifier

@Suite("Drift and input metrics")
struct DriftMetricsTests {
    /// The samples of `/metrics`.
    static func metrics(_ client: some TestClientProtocol) async throws -> [String: Double] {
        try PrometheusText.parse(String(buffer: try await client.execute(uri: "/metrics", method: .get).body))
    }

    static func predict(_ texts: [String], _ client: some TestClientProtocol) async throws {
        let body = #"{"texts":["# + texts.map { #""\#($0)""# }.joined(separator: ",") + "]}"
        let response = try await client.post("/api/american/batch", body)
        #expect(response.status == .ok)
    }

    @Test("tokens, unknown words and the drift score are exported; familiar text scores low and strange text high")
    func driftScore() async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath(FixtureModels.crossValidated())))
        let familiar = FixtureCorpus.synthetic(1000..<1120).map(\.text)
        try await server.application.test(.router) { client in
            try await Self.predict(Array(familiar.prefix(5)), client)
            var samples = try await Self.metrics(client)
            #expect(samples["american_drift_window_predictions"] == 5)
            #expect(!samples.keys.contains { $0.hasPrefix("american_drift_psi") }, "no score below \(DriftMonitor.minimumPredictions) predictions")
            #expect(samples["american_input_tokens_count"] == 5)
            #expect(try #require(samples["american_input_tokens_sum"]) >= 20, "five tweets of four words or more")

            try await Self.predict(familiar, client)
            samples = try await Self.metrics(client)
            let familiarProbability = try #require(samples[#"american_drift_psi{signal="probability"}"#])
            let familiarUnknown = try #require(samples[#"american_drift_psi{signal="oov"}"#])
            #expect(familiarUnknown < 0.1 && familiarProbability < 0.1, "familiar text: PSI \(familiarUnknown), \(familiarProbability)")

            let strange = (0..<200).map { "qwxzv\($0) plorkt\($0) zzyzx\($0)" }
            try await Self.predict(strange, client)
            samples = try await Self.metrics(client)
            let strangeUnknown = try #require(samples[#"american_drift_psi{signal="oov"}"#])
            #expect(strangeUnknown > 0.25 && strangeUnknown > familiarUnknown * 10, "\(familiarUnknown) → \(strangeUnknown)")
            #expect(try #require(samples["american_input_unknown_tokens_total"]) >= 500)
        }
    }

    @Test("a model without a drift reference exports no score, and a new model restarts the window")
    func noReference() async throws {
        let path = try TestSupport.modelPath(FixtureModels.crossValidated())
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path))
        try await server.application.test(.router) { client in
            try await Self.predict(FixtureCorpus.synthetic(0..<150).map(\.text), client)
            #expect(try await Self.metrics(client)[#"american_drift_psi{signal="probability"}"#] != nil)
            try ModelStorage.write(try TestSupport.model(date: FixtureModels.date.addingTimeInterval(60)), to: path)
            #expect(await server.reloader.reload())
            try await Self.predict([String](repeating: "Stuck at home in New York", count: 150), client)
            let samples = try await Self.metrics(client)
            #expect(samples["american_drift_window_predictions"] == 0, "the logistic regression fixture has no reference")
            #expect(!samples.keys.contains { $0.hasPrefix("american_drift_psi") })
            #expect(samples["american_input_tokens_count"] == 300, "token counts do not need a reference")
        }
    }
}

@Suite("Drift window")
struct DriftWindowTests {
    static func assessment(_ probability: Double) -> Assessment {
        Assessment(prediction: Prediction(label: Label(probability: probability), probability: probability), input: InputStatistics(tokens: 4, unknown: 1))
    }

    @Test("the window holds the last ten slices and forgets older ones; a reused slice starts empty")
    func slides() {
        var window = DriftWindow()
        window.record(Self.assessment(0.05), slice: 0)
        window.record(Self.assessment(0.95), slice: 3)
        window.record(Self.assessment(0.95), slice: 3)
        #expect(window.totals(slice: 9).probability == [1, 0, 0, 0, 0, 0, 0, 0, 0, 2])
        #expect(window.totals(slice: 9).unknownWords[2] == 3, "an unknown-word rate of 1/4 is in the third tenth")
        #expect(window.totals(slice: 10).probability == [0, 0, 0, 0, 0, 0, 0, 0, 0, 2], "slice 0 left the window")
        window.record(Self.assessment(0.55), slice: 13)
        #expect(window.totals(slice: 13).probability == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0], "slice 13 reused slice 3's entry, emptied")
        #expect(window.totals(slice: 30).tweets == 0)
    }
}
