import AmericanAPI
import Foundation

/// The differential oracle of the request-body fuzzer.
enum FoundationOracle {
    /// Checks the hand-written reader against Foundation's `JSONSerialization` on the
    /// same bytes: both must accept and reject the same documents and read the same
    /// strings. Known differences, where the reader follows RFC 8259 (and Python's
    /// `json`, so Flask) and Foundation does not, are allowed: Foundation also accepts
    /// byte-order marks, UTF-16 and UTF-32 bodies and trailing commas, refuses numbers a `Double` cannot
    /// hold (the reader only checks their syntax), and counts the 512-level depth
    /// limit slightly differently.
    static func compareWithFoundation(_ bytes: UnsafeRawBufferPointer) {
        let data = Data(bytes)
        let reader = Result { () throws(JSONBodyReader.Malformed) in try JSONBodyReader.read(bytes) }
        let foundation = Result { try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) }
        switch (reader, foundation) {
        case (.failure, .failure):
            return
        case let (.failure(malformed), .success):
            // A byte-order mark, or a NUL among the first four bytes: Foundation detected UTF-16/32.
            let bom = data.starts(with: [0xEF, 0xBB, 0xBF]) || data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
                || data.prefix(4).contains(0)
            let deep = malformed.reason.contains("nesting deeper")
            let trailingComma = malformed.reason.hasSuffix("found ']'") || malformed.reason.hasSuffix("found '}'")
            Harness.check(bom || deep || trailingComma, "the reader refuses JSON that Foundation accepts (\(malformed.reason)): \(preview(data))")
        case let (.success, .failure(error)):
            let text = String(describing: error)
            let allowed = text.contains("not representable") || text.contains("Too many nested")
            Harness.check(allowed, "the reader accepts what Foundation refuses (\(text.prefix(160))): \(preview(data))")
        case let (.success(.notAnObject), .success(value)):
            Harness.check(!(value is [String: Any]), "the reader saw no object where Foundation did: \(preview(data))")
        case let (.success(.object(members)), .success(value)):
            guard let object = value as? [String: Any] else {
                Harness.check(false, "the reader saw an object where Foundation did not: \(preview(data))")
                return
            }
            Harness.check(Set(members.keys) == Set(object.keys), "member names differ: \(Array(members.keys)) vs \(Array(object.keys))")
            for (key, member) in members {
                switch member {
                case let .string(text):
                    Harness.check(object[key] as? String == text, "member '\(key)' differs: \(String(reflecting: text)) vs \(String(describing: object[key]))")
                case let .strings(texts):
                    Harness.check(object[key] as? [String] == texts, "member '\(key)' differs: \(texts) vs \(String(describing: object[key]))")
                case .null:
                    Harness.check(object[key] is NSNull, "member '\(key)' is null for the reader only")
                case .other:
                    Harness.check(!(object[key] is String) && !(object[key] is NSNull), "member '\(key)' is 'other' for the reader only")
                }
            }
        }
    }

    private static func preview(_ data: Data) -> String {
        String(reflecting: String(decoding: data.prefix(200), as: UTF8.self))
    }
}
