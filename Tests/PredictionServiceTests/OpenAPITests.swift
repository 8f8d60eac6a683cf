import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PredictionService

@Suite("OpenAPI document")
struct OpenAPITests {
    /// The route paths the router serves, with their methods.
    static let served: [String: Set<String>] = [
        "/api/american": ["post"], "/api/american/batch": ["post"], "/api/american/explain": ["post"],
        "/healthz": ["get"], "/readyz": ["get"], "/version": ["get"], "/metrics": ["get"],
        "/openapi.yaml": ["get"], "/": ["get"],
    ]

    /// Paths and methods declared in the YAML document (two-space `paths:` entries, four-space methods).
    static func documented(_ yaml: String) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        var inPaths = false
        var current: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" "), !line.isEmpty { inPaths = line.hasPrefix("paths:") }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                current = String(line.dropFirst(2).dropLast()).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                result[current!] = []
            } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     "),
                      let method = ["get", "post", "put", "delete", "patch"].first(where: { line == "    \($0):" }) {
                result[path]?.insert(method)
            }
        }
        return result
    }

    @Test("the served document is OpenAPI 3.1 and describes exactly the routes the server has")
    func documentMatchesRoutes() async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            let yaml = String(buffer: response.body)
            #expect(yaml.hasPrefix("openapi: 3.1") || yaml.contains("\nopenapi: 3.1"))
            #expect(Self.documented(yaml) == Self.served)
            for (path, methods) in Self.served {
                for method in methods {
                    let answer = try await client.execute(uri: path, method: method == "get" ? .get : .post, body: ByteBuffer(string: #"{"text":"x","texts":["x"]}"#))
                    #expect(answer.status != .notFound && answer.status != .methodNotAllowed, "\(method) \(path)")
                }
            }
        }
    }
}
