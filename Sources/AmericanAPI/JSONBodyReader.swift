/// A strict JSON reader for request bodies, written for the request path.
///
/// Foundation's `JSONDecoder` spent most of a prediction request's time in
/// dynamic casts and generic metadata look-ups; this reader walks the bytes
/// once, checks them against the JSON grammar (RFC 8259: UTF-8, escapes,
/// numbers, nesting up to 512 levels), and keeps only what the API needs: the
/// top-level object's members as strings, arrays of strings, null, or "something
/// else". A repeated key keeps its last value, as Python's `json` (and so
/// Flask) does.
public struct JSONBodyReader {
    /// A top-level member's value, as far as the API cares.
    public enum Value: Equatable, Sendable {
        case string(String)
        case strings([String])
        case null
        case other
    }

    /// What the body held.
    public enum Body: Equatable, Sendable {
        case object([String: Value])
        case notAnObject
    }

    /// Why the bytes are not JSON, in words for the error message.
    public struct Malformed: Error, Equatable {
        /// Where and how the bytes break the grammar.
        public let reason: String
    }

    /// The deepest nesting accepted (as Python's default recursion allows).
    public static let maximumDepth = 512

    private let bytes: UnsafeRawBufferPointer
    private var i = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Reads a whole document.
    public static func read(_ bytes: UnsafeRawBufferPointer) throws(Malformed) -> Body {
        var reader = JSONBodyReader(bytes)
        reader.skipWhitespace()
        let body: Body
        if reader.peek() == UInt8(ascii: "{") {
            body = .object(try reader.readTopLevelObject())
        } else {
            try reader.skipValue(depth: 0)
            body = .notAnObject
        }
        reader.skipWhitespace()
        guard reader.i == bytes.count else { throw Malformed(reason: "unexpected data after the JSON value at byte \(reader.i)") }
        return body
    }

    private func peek() -> UInt8? {
        i < bytes.count ? bytes[i] : nil
    }

    private mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
    }

    private mutating func expect(_ byte: UInt8) throws(Malformed) {
        skipWhitespace()
        guard peek() == byte else { throw unexpected("'\(Character(Unicode.Scalar(byte)))'") }
        i += 1
    }

    private func unexpected(_ wanted: String) -> Malformed {
        guard let byte = peek() else { return Malformed(reason: "the body ends early, expected \(wanted)") }
        let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return Malformed(reason: "expected \(wanted) at byte \(i), found \(shown)")
    }

    private mutating func readTopLevelObject() throws(Malformed) -> [String: Value] {
        var members: [String: Value] = [:]
        i += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            i += 1
            return members
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw unexpected("a member name") }
            let key = try readString()
            try expect(UInt8(ascii: ":"))
            members[key] = try readMemberValue()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"): i += 1; return members
            default: throw unexpected("',' or '}'")
            }
        }
    }

    /// A member value: strings and arrays of strings are kept, anything else is checked and skipped.
    private mutating func readMemberValue() throws(Malformed) -> Value {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "n"):
            try skipLiteral("null")
            return .null
        case UInt8(ascii: "["):
            let start = i
            if let strings = try readStringArray() { return .strings(strings) }
            i = start
            try skipValue(depth: 1)
            return .other
        default:
            try skipValue(depth: 1)
            return .other
        }
    }

    /// An array whose elements are all strings, or nil (position unspecified) when one is not.
    private mutating func readStringArray() throws(Malformed) -> [String]? {
        var strings: [String] = []
        i += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            i += 1
            return strings
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { return nil }
            strings.append(try readString())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"): i += 1; return strings
            default: throw unexpected("',' or ']'")
            }
        }
    }

    /// Checks one value of any kind and moves past it.
    private mutating func skipValue(depth: Int) throws(Malformed) {
        guard depth < Self.maximumDepth else { throw Malformed(reason: "nesting deeper than \(Self.maximumDepth) levels") }
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "{"): try skipContainer(close: UInt8(ascii: "}"), depth: depth, keyed: true)
        case UInt8(ascii: "["): try skipContainer(close: UInt8(ascii: "]"), depth: depth, keyed: false)
        case UInt8(ascii: "t"): try skipLiteral("true")
        case UInt8(ascii: "f"): try skipLiteral("false")
        case UInt8(ascii: "n"): try skipLiteral("null")
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte): try skipNumber()
        default: throw unexpected("a JSON value")
        }
    }

    private mutating func skipContainer(close: UInt8, depth: Int, keyed: Bool) throws(Malformed) {
        i += 1
        skipWhitespace()
        if peek() == close {
            i += 1
            return
        }
        while true {
            if keyed {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw unexpected("a member name") }
                _ = try readString()
                try expect(UInt8(ascii: ":"))
            }
            try skipValue(depth: depth + 1)
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                i += 1
            } else if peek() == close {
                i += 1
                return
            } else {
                throw unexpected(keyed ? "',' or '}'" : "',' or ']'")
            }
        }
    }

    private mutating func skipLiteral(_ literal: StaticString) throws(Malformed) {
        let count = literal.utf8CodeUnitCount
        guard i + count <= bytes.count, (0..<count).allSatisfy({ bytes[i + $0] == literal.utf8Start[$0] }) else {
            throw unexpected("'\(literal)'")
        }
        i += count
    }

    private mutating func skipNumber() throws(Malformed) {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        func skipDigits(_ reader: inout JSONBodyReader) -> Int {
            let start = reader.i
            while let byte = reader.peek(), digits.contains(byte) { reader.i += 1 }
            return reader.i - start
        }
        if peek() == UInt8(ascii: "-") { i += 1 }
        if peek() == UInt8(ascii: "0") {
            i += 1
        } else if skipDigits(&self) == 0 {
            throw unexpected("a digit")
        }
        if peek() == UInt8(ascii: ".") {
            i += 1
            guard skipDigits(&self) > 0 else { throw unexpected("a digit") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            i += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i += 1 }
            guard skipDigits(&self) > 0 else { throw unexpected("a digit") }
        }
    }

    /// Reads a string starting at its opening quote; checks escapes and UTF-8.
    private mutating func readString() throws(Malformed) -> String {
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 {
            i += 1
        }
        guard i < bytes.count else { throw Malformed(reason: "a string is not closed") }
        if bytes[i] == UInt8(ascii: "\"") {
            i += 1
            return try validated(UnsafeRawBufferPointer(rebasing: bytes[start..<i - 1]))
        }
        var buffer = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
        while true {
            guard i < bytes.count else { throw Malformed(reason: "a string is not closed") }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                i += 1
                guard let text = String(validating: buffer, as: UTF8.self) else { throw Malformed(reason: "a string is not valid UTF-8") }
                return text
            } else if byte == UInt8(ascii: "\\") {
                try readEscape(into: &buffer)
            } else if byte < 0x20 {
                throw Malformed(reason: "control character 0x\(String(byte, radix: 16)) inside a string at byte \(i)")
            } else {
                buffer.append(byte)
                i += 1
            }
        }
    }

    private mutating func readEscape(into buffer: inout [UInt8]) throws(Malformed) {
        i += 1
        guard let byte = peek() else { throw Malformed(reason: "a string is not closed") }
        i += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                    throw Malformed(reason: "unpaired surrogate escape at byte \(i)")
                }
                i += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Malformed(reason: "unpaired surrogate escape at byte \(i)") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let value = Unicode.Scalar(scalar) else { throw Malformed(reason: "unpaired surrogate escape at byte \(i)") }
            UTF8.encode(value) { buffer.append($0) }
        default:
            throw Malformed(reason: "invalid escape '\\\(Character(Unicode.Scalar(byte)))' at byte \(i - 1)")
        }
    }

    private mutating func readHex4() throws(Malformed) -> UInt32 {
        guard i + 4 <= bytes.count else { throw Malformed(reason: "a \\u escape is cut short") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[i]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Malformed(reason: "a \\u escape needs four hex digits (byte \(i))")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    private func validated(_ raw: UnsafeRawBufferPointer) throws(Malformed) -> String {
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw Malformed(reason: "a string is not valid UTF-8")
        }
        return text
    }
}
