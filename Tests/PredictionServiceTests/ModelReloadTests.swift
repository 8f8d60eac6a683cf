import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PredictionService
import TweetClassifier

@Suite("Model reload")
struct ModelReloadTests {
    static let laterDate = Date(timeIntervalSince1970: 1_764_100_000)

    @Test("a good new model is swapped in without a restart; an unchanged file is not reloaded")
    func goodModel() async throws {
        let path = try TestSupport.modelPath()
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path))
        try await server.application.test(.router) { client in
            #expect(await server.reloader.reload() == false, "same bytes: nothing to do")
            try ModelStorage.write(try TestSupport.model(kind: .naiveBayes, date: Self.laterDate), to: path)
            #expect(await server.reloader.reload())
            let object = try TestSupport.object(try await client.post("/api/american", #"{"text":"new york"}"#).body)
            #expect(object["model_date"] as? String == "2025-11-25T19:46:40Z")
            let version = try TestSupport.object(try await client.execute(uri: "/version", method: .get).body)
            #expect(version["model_kind"] as? String == "nb")
        }
    }

    @Test("a corrupt or truncated model is refused, counted, and the old model keeps answering", arguments: [
        "{\"format_version\": 1, \"kind\": ",
        "{\"format_version\": 7}",
        "not json at all",
        "",
    ])
    func badModel(_ content: String) async throws {
        let path = try TestSupport.modelPath()
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path))
        try await server.application.test(.router) { client in
            try Data(content.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            #expect(await server.reloader.reload() == false)
            let response = try await client.post("/api/american", #"{"text":"new york"}"#)
            #expect(response.status == .ok)
            #expect(try TestSupport.object(response.body)["model_date"] as? String == "2025-11-24T16:00:00Z")
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            let samples = try PrometheusText.parse(String(buffer: try await client.execute(uri: "/metrics", method: .get).body))
            #expect(samples[#"american_model_loads_total{result="failure"}"#] == 1)
        }
    }

    @Test("a deleted model file leaves the old model serving")
    func deletedModel() async throws {
        let path = try TestSupport.modelPath()
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path))
        try FileManager.default.removeItem(atPath: path)
        #expect(await server.reloader.reload() == false)
        #expect(server.store.isReady)
    }

    @Test("a model whose SHA-256 differs from the pin is refused at start")
    func checksumPinned() async throws {
        let path = try TestSupport.modelPath()
        await #expect(throws: ModelLoadError.self) {
            _ = try await TestSupport.server(TestSupport.configuration(modelPath: path) { $0.modelSHA256 = String(repeating: "0", count: 64) })
        }
        let sha = ModelFetcher.sha256(try Data(contentsOf: URL(fileURLWithPath: path)))
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path) { $0.modelSHA256 = sha.uppercased() })
        #expect(server.store.isReady)
    }

    @Test("polling picks up a new model by itself")
    func polling() async throws {
        let path = try TestSupport.modelPath()
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path) { $0.modelRefresh = .milliseconds(100) })
        try await server.application.test(.live) { client in
            try ModelStorage.write(try TestSupport.model(date: Self.laterDate), to: path)
            var date: String?
            for _ in 0..<50 where date != "2025-11-25T19:46:40Z" {
                try await Task.sleep(for: .milliseconds(100))
                date = try TestSupport.object(try await client.post("/api/american", #"{"text":"x"}"#).body)["model_date"] as? String
            }
            #expect(date == "2025-11-25T19:46:40Z")
        }
    }

    @Test("a model rewritten in place, byte by byte, is never served half-written; only the finished file is")
    func inPlaceRewrite() async throws {
        let path = try TestSupport.modelPath()
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: original, as: UTF8.self)
        // Same length, a later date: every intermediate state is valid JSON with a valid date.
        let rewritten = Data(text.replacingOccurrences(of: #""model_date":"2025-11-24T16:00:00Z""#, with: #""model_date":"2026-12-31T23:59:59Z""#).utf8)
        try #require(rewritten.count == original.count && rewritten != original)
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path))
        let first = server.store.model?.sha256
        // Each check comes right after a write, so the file is always younger
        // than `settle` when it is read: this does not depend on how fast the
        // machine (or the test's scheduling) is.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        for offset in original.indices where original[offset] != rewritten[offset] {
            try handle.seek(toOffset: UInt64(offset))
            try handle.write(contentsOf: rewritten[offset...offset])
            #expect(await server.reloader.reload() == false, "a half-written model was loaded at byte \(offset)")
            #expect(server.store.model?.sha256 == first)
        }
        try handle.close()
        try await Task.sleep(for: ModelFetcher.settle + .milliseconds(100))
        #expect(await server.reloader.reload(), "the finished rewrite was not picked up")
        #expect(server.store.model?.sha256 == ModelFetcher.sha256(rewritten))
    }

    @Test("a model renamed into place is picked up at the next check, without waiting to settle")
    func renamedIntoPlace() async throws {
        let path = try TestSupport.modelPath()
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path))
        let next = try TestSupport.model(date: Self.laterDate)
        try ModelStorage.write(next, to: path)
        #expect(await server.reloader.reload())
        #expect(server.store.model?.modelDate == "2025-11-25T19:46:40Z")
    }
}
