import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PredictionService

/// One hostile or malformed request and the answer it must get.
struct BadInput: CustomTestStringConvertible, Sendable {
    let name: String
    let method: HTTPRequest.Method
    let path: String
    let body: [UInt8]
    let status: HTTPResponse.Status
    let code: String?

    init(_ name: String, bytes body: [UInt8], _ status: HTTPResponse.Status, _ code: String?, method: HTTPRequest.Method = .post, path: String = "/api/american") {
        self.name = name
        self.method = method
        self.path = path
        self.body = body
        self.status = status
        self.code = code
    }

    init(_ name: String, _ body: String, _ status: HTTPResponse.Status, _ code: String?, method: HTTPRequest.Method = .post, path: String = "/api/american") {
        self.init(name, bytes: Array(body.utf8), status, code, method: method, path: path)
    }

    var testDescription: String { name }

    static let deepObject: String = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
    static let deepArray: String = #"{"text":"# + String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000) + "}"
    static let emoji: String = #"{"text": ""# + String(repeating: "😷🇺🇸", count: 4_000) + #""}"#
    static let emoji100KB: String = #"{"text": ""# + String(repeating: "😷", count: 25_000) + #""}"#
    static let oversized: String = #"{"text": ""# + String(repeating: "a", count: 70_000) + #""}"#
    static let invalidUTF8: [UInt8] = Array(#"{"text": ""#.utf8) + [0xFF, 0xFE, 0xC0] + Array(#""}"#.utf8)
    static let rawNUL: [UInt8] = Array(#"{"text": "a"#.utf8) + [0] + Array(#"b"}"#.utf8)

    /// The table: every case gets a defined 4xx, or a 200 where the input is valid.
    static let all: [BadInput] = [
        BadInput("empty body", "", .badRequest, "malformed_json"),
        BadInput("truncated JSON", #"{"text": "new yo"#, .badRequest, "malformed_json"),
        BadInput("not JSON", "text=hello", .badRequest, "malformed_json"),
        BadInput("JSON array", #"["new york"]"#, .badRequest, "missing_text"),
        BadInput("JSON string", #""new york""#, .badRequest, "missing_text"),
        BadInput("JSON number", "42", .badRequest, "missing_text"),
        BadInput("JSON null", "null", .badRequest, "missing_text"),
        BadInput("text missing", #"{"tweet": "new york"}"#, .badRequest, "missing_text"),
        BadInput("text null", #"{"text": null}"#, .badRequest, "missing_text"),
        BadInput("text number", #"{"text": 12}"#, .badRequest, "invalid_text"),
        BadInput("text boolean", #"{"text": true}"#, .badRequest, "invalid_text"),
        BadInput("text array", #"{"text": ["a"]}"#, .badRequest, "invalid_text"),
        BadInput("text object", #"{"text": {"a": 1}}"#, .badRequest, "invalid_text"),
        BadInput("deeply nested JSON", deepObject, .badRequest, nil),
        BadInput("deeply nested array in text", deepArray, .badRequest, nil),
        BadInput("invalid UTF-8", bytes: invalidUTF8, .badRequest, "malformed_json"),
        BadInput("raw NUL byte in string", bytes: rawNUL, .badRequest, "malformed_json"),
        BadInput("escaped NUL in text", #"{"text": "a\u0000b"}"#, .ok, nil),
        BadInput("empty text", #"{"text": ""}"#, .ok, nil),
        BadInput("whitespace-only text", #"{"text": "   \n\t "}"#, .ok, nil),
        BadInput("emoji text (48 KB)", emoji, .ok, nil),
        BadInput("emoji text (100 KB, over the limit)", emoji100KB, .contentTooLarge, "payload_too_large"),
        BadInput("duplicate keys, both strings", #"{"text": "a", "text": "new york"}"#, .ok, nil),
        BadInput("duplicate keys, the last one wins (as in Flask)", #"{"text": 1, "text": "new york"}"#, .ok, nil),
        BadInput("duplicate keys, last not a string", #"{"text": "a", "text": 1}"#, .badRequest, "invalid_text"),
        BadInput("trailing garbage", #"{"text": "a"} x"#, .badRequest, "malformed_json"),
        BadInput("two documents", #"{"text": "a"}{"text": "b"}"#, .badRequest, "malformed_json"),
        BadInput("lone surrogate escape", #"{"text": "\ud800"}"#, .badRequest, "malformed_json"),
        BadInput("single quotes", "{'text': 'a'}", .badRequest, "malformed_json"),
        BadInput("extra fields", #"{"text": "new york", "lang": "en"}"#, .ok, nil),
        BadInput("body over the limit", oversized, .contentTooLarge, "payload_too_large"),
        BadInput("GET on the predict route", "", .methodNotAllowed, "method_not_allowed", method: .get, path: "/api/american"),
        BadInput("DELETE on the predict route", "", .methodNotAllowed, "method_not_allowed", method: .delete, path: "/api/american"),
        BadInput("POST on healthz", "{}", .methodNotAllowed, "method_not_allowed", method: .post, path: "/healthz"),
        BadInput("unknown path", "{}", .notFound, "not_found", method: .post, path: "/api/american/../../etc/passwd"),
        BadInput("unknown path GET", "", .notFound, "not_found", method: .get, path: "/admin"),
        BadInput("batch texts not an array", #"{"texts": "a"}"#, .badRequest, "invalid_text", method: .post, path: "/api/american/batch"),
        BadInput("batch texts with a number", #"{"texts": ["a", 1]}"#, .badRequest, "invalid_text", method: .post, path: "/api/american/batch"),
        BadInput("batch without texts", #"{"text": "a"}"#, .badRequest, "missing_text", method: .post, path: "/api/american/batch"),
        BadInput("explain with text number", #"{"text": 1}"#, .badRequest, "invalid_text", method: .post, path: "/api/american/explain"),
    ]
}

@Suite("Bad input")
struct BadInputTests {
    @Test("every bad input gets its defined answer and a JSON error body, never a 5xx", arguments: BadInput.all)
    func badInput(_ input: BadInput) async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: input.path, method: input.method, body: ByteBuffer(bytes: input.body))
            #expect(response.status == input.status, "\(input.name): \(String(buffer: response.body).prefix(200))")
            #expect(response.status.code < 500)
            if input.status != .ok {
                let object = try TestSupport.object(response.body)
                if let code = input.code {
                    #expect(object["error"] as? String == code)
                }
                #expect((object["message"] as? String)?.isEmpty == false)
            }
            let healthy = try await client.post("/api/american", #"{"text":"still serving"}"#)
            #expect(healthy.status == .ok)
        }
    }

    @Test("a 405 names the allowed methods in an Allow header")
    func allowHeader() async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            let put = try await client.execute(uri: "/api/american", method: .put)
            let post = try await client.execute(uri: "/readyz", method: .post)
            #expect(put.headers[.allow] == "POST")
            #expect(post.headers[.allow] == "GET, HEAD")
        }
    }
}
