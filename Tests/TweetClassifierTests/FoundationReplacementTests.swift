import Foundation
import Testing
import TweetClassifier

/// The small helpers that stand in for what FoundationEssentials lacks, checked
/// against full Foundation's own answers (tests may link it; the server does not).
@Suite("FoundationEssentials replacements")
struct FoundationReplacementTests {
    @Test("hexEncoded is String(format: \"%02x\") per byte")
    func hex() {
        let bytes: [UInt8] = [0x00, 0x0f, 0x10, 0xab, 0xff, 0x7e]
        #expect(bytes.hexEncoded == bytes.map { String(format: "%02x", $0) }.joined())
        #expect([UInt8]().hexEncoded == "")
    }

    @Test("trimming(while:) is trimmingCharacters(in:)", arguments: ["  US \t", "\n\nhello\nworld\n", "", "   ", "x"])
    func trimming(text: String) {
        #expect(text.trimming(while: \.isWhitespace) == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text.trimming(while: \.isNewline) == text.trimmingCharacters(in: .newlines))
    }

    @Test("ISO8601Date formats and parses as ISO8601DateFormatter does")
    func iso8601() throws {
        let date = Date(timeIntervalSince1970: 1_764_000_000)
        #expect(ISO8601Date.format(date) == ISO8601DateFormatter().string(from: date))
        #expect(ISO8601Date.parse("2026-11-25T10:00:00Z") == ISO8601DateFormatter().date(from: "2026-11-25T10:00:00Z"))
        #expect(ISO8601Date.parse("2026-11-25T10:00:00Z") != nil)
        for bad in ["2026-11-25", "yesterday", ""] {
            #expect(ISO8601Date.parse(bad) == nil, "\(bad)")
        }
    }
}
