import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PredictionService
import TweetClassifier

/// A real HTTP server on loopback that serves a model, and misbehaves on demand.
enum ModelHost {
    static func router(model: Data) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/model.json") { request, _ -> Response in
            if request.headers[.ifNoneMatch] == "\"v1\"" { return Response(status: .notModified) }
            return Response(status: .ok, headers: [.eTag: "\"v1\""], body: .init(byteBuffer: ByteBuffer(bytes: model)))
        }
        router.get("/missing.json") { _, _ -> Response in Response(status: .notFound) }
        router.get("/slow.json") { _, _ -> Response in
            try await Task.sleep(for: .seconds(5))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: model)))
        }
        router.get("/endless.json") { _, _ -> Response in
            Response(status: .ok, body: .init { writer in
                let chunk = ByteBuffer(repeating: UInt8(ascii: " "), count: 64 * 1024)
                for _ in 0..<100_000 { try await writer.write(chunk) }
                try await writer.finish(nil)
            })
        }
        return router
    }

    /// Runs `body` with the base URL of a live model host.
    static func withHost(model: Data, _ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let app = Application(router: router(model: model), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }
}

@Suite("Model download")
struct ModelDownloadTests {
    func configuration(_ url: String, _ adjust: (inout ServiceConfiguration) -> Void = { _ in }) throws -> ServiceConfiguration {
        TestSupport.configuration(modelPath: "unused") {
            $0.modelSource = .url(URL(string: url)!)
            $0.modelDownloadTimeout = .seconds(1)
            $0.maxModelBytes = 4 * 1024 * 1024
            adjust(&$0)
        }
    }

    @Test("a model is downloaded, pinned by SHA-256, and a 304 counts as unchanged")
    func download() async throws {
        let model = try TestSupport.model().encoded()
        let sha = ModelFetcher.sha256(model)
        try await ModelHost.withHost(model: model) { base in
            let server = try await TestSupport.server(try configuration("\(base)/model.json") { $0.modelSHA256 = sha })
            #expect(server.store.model?.sha256 == sha)
            #expect(await server.reloader.reload() == false)
        }
    }

    @Test("download faults are refused with a clear error at start")
    func faults() async throws {
        let model = try TestSupport.model().encoded()
        try await ModelHost.withHost(model: model) { base in
            let cases: [(String, (inout ServiceConfiguration) -> Void, String)] = [
                ("/missing.json", { _ in }, "answered 404"),
                ("/slow.json", { _ in }, "did not finish within"),
                ("/endless.json", { _ in }, "larger than"),
                ("/model.json", { $0.modelSHA256 = String(repeating: "1", count: 64) }, "SHA-256 mismatch"),
                ("/model.json", { $0.maxModelBytes = 100 }, "larger than"),
            ]
            for (path, adjust, message) in cases {
                do {
                    _ = try await TestSupport.server(try configuration(base + path, adjust))
                    Issue.record("\(path) was accepted")
                } catch {
                    #expect("\(error)".contains(message), "\(path): \(error)")
                }
            }
        }
    }

    @Test("a refused port is a clear error")
    func refused() async throws {
        await #expect(throws: ModelLoadError.self) {
            _ = try await TestSupport.server(try configuration("http://127.0.0.1:1/model.json"))
        }
    }

    @Test("a URL that fails on reload leaves the old model serving")
    func reloadFailure() async throws {
        let model = try TestSupport.model().encoded()
        let folder = try TestSupport.temporaryFolder()
        try await ModelHost.withHost(model: model) { base in
            let good = try TestSupport.configuration(modelPath: folder.path) { $0.modelSource = .url(URL(string: "\(base)/model.json")!) }
            let server = try await TestSupport.server(good)
            let failing = ModelReloader(
                loader: ModelLoader(configuration: try configuration("\(base)/missing.json")), store: server.store,
                metrics: server.metrics, refresh: nil, waitForModel: false, logger: TestSupport.quietLogger
            )
            #expect(await failing.reload() == false)
            #expect(server.store.model?.sha256 == ModelFetcher.sha256(model))
        }
    }
}
