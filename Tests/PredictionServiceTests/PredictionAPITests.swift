import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PredictionService

@Suite("Prediction API")
struct PredictionAPITests {
    @Test("POST /api/american answers exactly is_american (a 0/1 number), version and model_date")
    func contract() async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            let response = try await client.post("/api/american", ##"{"text":"#covid19 new york"}"##)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let object = try TestSupport.object(response.body)
            #expect(Set(object.keys) == ["is_american", "version", "model_date"])
            let label = try #require(object["is_american"] as? NSNumber)
            #expect([0, 1].contains(label.intValue))
            #expect(String(buffer: response.body).contains(#""is_american":\#(label.intValue)"#))
            #expect(object["version"] as? String == "9.9.9+abcdef0")
            #expect(object["model_date"] as? String == "2025-11-24T16:00:00Z")
        }
    }

    @Test("a missing or wrong Content-Type is accepted when the body is JSON", arguments: [nil, "text/plain", "application/x-www-form-urlencoded"])
    func anyContentType(_ contentType: String?) async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            let response = try await client.post("/api/american", #"{"text":"hello from Texas"}"#, contentType: contentType)
            #expect(response.status == .ok)
        }
    }

    @Test("the answer follows the model: American and non-American examples")
    func followsModel() async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            let american = try TestSupport.object(try await client.post("/api/american", #"{"text":"Texas schools closed y'all"}"#).body)
            let other = try TestSupport.object(try await client.post("/api/american", #"{"text":"Lockdown in London, NHS"}"#).body)
            #expect(american["is_american"] as? Int == 1)
            #expect(other["is_american"] as? Int == 0)
        }
    }

    @Test("batch: one label per text, in order; more than the limit is a 400")
    func batch() async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()) { $0.maxBatchSize = 3 })
        try await server.application.test(.router) { client in
            let response = try await client.post("/api/american/batch", #"{"texts":["Texas schools closed y'all","Lockdown in London",""]}"#)
            #expect(response.status == .ok)
            let object = try TestSupport.object(response.body)
            let predictions = try #require(object["predictions"] as? [Int])
            #expect(predictions.count == 3 && predictions[0] == 1 && predictions[1] == 0)
            #expect(Set(object.keys) == ["predictions", "version", "model_date"])
            let tooMany = try await client.post("/api/american/batch", #"{"texts":["a","b","c","d"]}"#)
            #expect(tooMany.status == .badRequest)
            #expect(try TestSupport.object(tooMany.body)["error"] as? String == "too_many_texts")
        }
    }

    @Test("explain: label, probability and terms sorted by strength")
    func explain() async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            let response = try await client.post("/api/american/explain", #"{"text":"Stuck at home in New York"}"#)
            #expect(response.status == .ok)
            let object = try TestSupport.object(response.body)
            let probability = try #require(object["probability"] as? Double)
            #expect((0...1).contains(probability))
            #expect(object["is_american"] as? Int == (probability > 0.5 ? 1 : 0))
            let tokens = try #require(object["tokens"] as? [[String: Any]])
            let strengths = tokens.compactMap { ($0["contribution"] as? Double).map(abs) }
            #expect(!tokens.isEmpty && strengths == strengths.sorted(by: >))
            #expect(tokens.contains { $0["token"] as? String == "new york" })
            #expect(object["model_kind"] as? String == "logreg")
        }
    }
}
