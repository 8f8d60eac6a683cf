import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PredictionService
import TweetClassifier

@Suite("Shadow model")
struct ShadowModelTests {
    static let texts = ["Stuck at home in New York", "Lockdown in London", "Texas schools closed", "Sydney beaches closed"]

    /// The answers (`is_american`, `model_date`) and statuses of `texts`, and the metrics after them.
    static func answers(_ configuration: ServiceConfiguration) async throws -> (answers: [String], metrics: [String: Double]) {
        let server = try await TestSupport.server(configuration)
        return try await server.application.test(.live) { client in
            try await Task.sleep(for: .milliseconds(300))
            var answers: [String] = []
            for text in texts {
                let response = try await client.post("/api/american", #"{"text":"\#(text)"}"#)
                let object = try TestSupport.object(response.body)
                answers.append("\(response.status.code) \(object["is_american"] ?? "?") \(object["model_date"] ?? "?")")
            }
            try await Task.sleep(for: .milliseconds(300))
            return (answers, try PrometheusText.parse(String(buffer: try await client.execute(uri: "/metrics", method: .get).body)))
        }
    }

    @Test("a shadow model scores every sampled request, and the user still gets the served model's answer")
    func scoresOffThePath() async throws {
        let served = try TestSupport.modelPath()
        let candidate = try TestSupport.modelPath(TestSupport.model(kind: .naiveBayes, date: Date(timeIntervalSince1970: 1_764_100_000)))
        let plain = try await Self.answers(TestSupport.configuration(modelPath: served))
        let shadowed = try await Self.answers(TestSupport.configuration(modelPath: served) {
            $0.shadowModel = .file(candidate)
            $0.shadowSampleRate = 1
        })
        #expect(shadowed.answers == plain.answers)
        #expect(shadowed.metrics[#"american_shadow_model_loads_total{result="success"}"#] == 1)
        let shadowVerdicts = (shadowed.metrics[#"american_shadow_predictions_total{is_american="0"}"#] ?? 0)
            + (shadowed.metrics[#"american_shadow_predictions_total{is_american="1"}"#] ?? 0)
        #expect(shadowVerdicts == Double(Self.texts.count))
        #expect((shadowed.metrics["american_shadow_agreements_total"] ?? -1) >= 0)
    }

    @Test("a shadow model that cannot be loaded changes no answer and no status; the failure is counted", arguments: [
        "/nonexistent/shadow.model.json", "http://127.0.0.1:1/shadow.model.json",
    ])
    func failingShadow(source: String) async throws {
        let served = try TestSupport.modelPath()
        let plain = try await Self.answers(TestSupport.configuration(modelPath: served))
        let shadowed = try await Self.answers(TestSupport.configuration(modelPath: served) {
            $0.shadowModel = try? ModelSource(source)
            $0.shadowSampleRate = 1
        })
        #expect(shadowed.answers == plain.answers)
        #expect(shadowed.answers.allSatisfy { $0.hasPrefix("200 ") })
        #expect(shadowed.metrics[#"american_shadow_model_loads_total{result="failure"}"#] == 1)
        #expect(shadowed.metrics[#"american_shadow_predictions_total{is_american="1"}"#] == 0)
    }
}
