import AmericanAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Yams
@testable import PredictionService
import TweetClassifier

@Suite("OpenAPI document")
struct OpenAPITests {
    static let operations: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Paths and their methods as the YAML document declares them (parsed with a YAML library).
    static func documented(_ yaml: String) throws -> [String: Set<String>] {
        let document = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        return paths.mapValues { item in Set(((item as? [String: Any]) ?? [:]).keys).intersection(operations) }
    }

    /// The paths the real router registers (with any method, 405 handlers included).
    static func registeredPaths(_ server: PredictionServer, _ configuration: ServiceConfiguration) -> Set<String> {
        let router = buildRouter(store: server.store, metrics: server.metrics, configuration: configuration)
        return Set(router.routes.map { "\($0.path)".hasPrefix("/") ? "\($0.path)" : "/\($0.path)" })
    }

    @Test("the served document is OpenAPI 3.1 and describes exactly the routes the router registers")
    func documentMatchesRoutes() async throws {
        let configuration = TestSupport.configuration(modelPath: try TestSupport.modelPath())
        let server = try await TestSupport.server(configuration)
        let registered = Self.registeredPaths(server, configuration)
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: APIRoute.openAPI.path, method: .get)
            #expect(response.status == .ok)
            let yaml = String(buffer: response.body)
            #expect(try #require(try Yams.load(yaml: yaml) as? [String: Any])["openapi"] as? String == "3.1.0")
            let documented = try Self.documented(yaml)
            #expect(Set(documented.keys) == registered.subtracting(APIRoute.pageAssets), "paths in openapi.yaml vs the router")
            for (path, methods) in documented {
                #expect(methods.count == 1, "\(path) documents \(methods.sorted())")
                for method in Self.operations.subtracting(["trace"]) {
                    let answer = try await client.execute(
                        uri: path, method: HTTPRequest.Method(method.uppercased())!, body: ByteBuffer(string: #"{"text":"x","texts":["x"]}"#)
                    )
                    if methods.contains(method) || (method == "head" && methods.contains("get")) {
                        #expect(answer.status != .notFound && answer.status != .methodNotAllowed, "\(method) \(path) is documented")
                    } else {
                        #expect(answer.status == .methodNotAllowed, "\(method) \(path) is not documented but answers \(answer.status)")
                    }
                }
            }
        }
    }

    @Test("the document's ModelKind lists exactly the model kinds the server can serve")
    func modelKinds() throws {
        let document = try #require(try Yams.load(yaml: String(decoding: PackageResources.openapi_yaml, as: UTF8.self)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let kinds = try #require((schemas["ModelKind"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(kinds) == Set(ModelKind.allCases.map(\.rawValue)))
    }
}
