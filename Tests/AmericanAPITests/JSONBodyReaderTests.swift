@testable import AmericanAPI
import Testing

@Suite("JSON body reader")
struct JSONBodyReaderTests {
    func read(_ text: String) throws -> JSONBodyReader.Body {
        try read(Array(text.utf8))
    }

    func read(_ bytes: [UInt8]) throws -> JSONBodyReader.Body {
        try bytes.withUnsafeBytes { try JSONBodyReader.read($0) }
    }

    @Test("escapes, surrogate pairs and UTF-8 are decoded exactly")
    func strings() throws {
        let body = try read(#"{"text": "a\"b\\c\/d\n\t\u00e9\ud83c\uddfa\ud83c\uddf8 café 🇺🇸"}"#)
        #expect(body == .object(["text": .string("a\"b\\c/d\n\té🇺🇸 café 🇺🇸")]))
    }

    @Test("members of every kind: strings and string arrays kept, the rest checked and skipped")
    func members() throws {
        let body = try read(#" { "a": 1.5e-3, "b": [1, {"x": [true, false, null]}], "c": null, "d": ["x", "y"], "e": [], "f": -0, "g": {} } "#)
        #expect(body == .object(["a": .other, "b": .other, "c": .null, "d": .strings(["x", "y"]), "e": .strings([]), "f": .other, "g": .other]))
    }

    @Test("valid JSON that is not an object", arguments: ["[]", "\"x\"", "12", "null", "true", " [1, [2]] "])
    func notAnObject(_ text: String) throws {
        #expect(try read(text) == .notAnObject)
    }

    @Test("malformed documents are refused with a reason", arguments: [
        "", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}",
        "{\"a\":1e}", "{\"a\":tru}", "{\"a\":nul}", "{'a':1}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\udc00\"}",
        "{\"a\":\"x}", "{\"a\":1} 2", "{\"a\":\"\t\"}", "NaN", "{\"a\":Infinity}",
    ])
    func malformed(_ text: String) {
        #expect(throws: JSONBodyReader.Malformed.self) { try read(text) }
    }

    @Test("invalid UTF-8 inside a string is refused")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"text":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: JSONBodyReader.Malformed.self) { try read(bytes) }
    }

    @Test("nesting is bounded: 511 levels pass, 600 are refused")
    func depth() throws {
        let ok = "{\"a\":" + String(repeating: "[", count: 510) + String(repeating: "]", count: 510) + "}"
        #expect(try read(ok) == .object(["a": .other]))
        let deep = "{\"a\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        #expect(throws: JSONBodyReader.Malformed.self) { try read(deep) }
    }

    /// `APIRequestBody.text(fromJSON:)` on `text`'s UTF-8.
    func text(_ text: String) throws -> String {
        try Array(text.utf8).withUnsafeBytes { try APIRequestBody.text(fromJSON: $0) }
    }

    /// `APIRequestBody.texts(fromJSON:)` on `text`'s UTF-8.
    func texts(_ text: String) throws -> [String] {
        try Array(text.utf8).withUnsafeBytes { try APIRequestBody.texts(fromJSON: $0) }
    }

    @Test("the contract maps bodies to its refusals, each with its code")
    func contractRefusals() throws {
        #expect(try text(#"{"text":"hi"}"#) == "hi")
        #expect(throws: RequestBodyError.missing(field: "text")) { try text("[1]") }
        #expect(throws: RequestBodyError.missing(field: "text")) { try text(#"{"text":null}"#) }
        #expect(throws: RequestBodyError.invalid("'text' must be a string.")) { try text(#"{"text":["a"]}"#) }
        #expect(try texts(#"{"texts":["a","b"]}"#) == ["a", "b"])
        #expect(throws: RequestBodyError.invalid("'texts' must be an array of strings.")) { try texts(#"{"texts":"a"}"#) }
        #expect(throws: RequestBodyError.missing(field: "texts")) { try texts("{}") }
        do {
            _ = try text("{not json")
            Issue.record("accepted malformed JSON")
        } catch let error as RequestBodyError {
            #expect(error.code == "malformed_json")
            #expect(error.message.hasPrefix("The body is not valid JSON: ") && error.message.hasSuffix(".") && !error.message.hasSuffix(".."))
        }
        #expect(RequestBodyError.missing(field: "texts").code == "missing_text")
        #expect(RequestBodyError.invalid("x").code == "invalid_text")
    }
}
