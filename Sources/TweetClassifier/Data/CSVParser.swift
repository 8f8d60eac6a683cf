/// An incremental RFC 4180 parser: feed it bytes in chunks of any size and it
/// hands back complete records.
///
/// Quoted fields may hold delimiters, doubled quotes (`""` is one `"`) and
/// line breaks; `\r\n` and `\n` both end a record; blank lines are skipped.
/// It is lenient where real exports are sloppy: a stray quote inside an
/// unquoted field is kept as text. Bytes are decoded as UTF-8 with invalid
/// sequences replaced by U+FFFD, so no input makes it fail.
public struct CSVParser: Sendable {
    /// The field separator, e.g. `;` or `,`.
    public let delimiter: UInt8

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var record: [String] = []

    /// Creates a parser for one delimiter.
    public init(delimiter: UInt8) {
        self.delimiter = delimiter
    }

    /// Parses the next chunk; `emit` receives each record completed in it.
    public mutating func feed(_ bytes: some Sequence<UInt8>, emit: ([String]) throws -> Void) rethrows {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        for byte in bytes {
            switch state {
            case .fieldStart, .unquoted, .quoteInQuoted:
                if byte == delimiter {
                    endField()
                } else if byte == newline {
                    try endRecord(emit)
                } else if byte == carriageReturn {
                    continue
                } else if byte == quote, state == .fieldStart {
                    state = .quoted
                } else if byte == quote, state == .quoteInQuoted {
                    field.append(quote)
                    state = .quoted
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                } else {
                    field.append(byte)
                }
            }
        }
    }

    /// Ends the input: a last record without a final line break is emitted.
    public mutating func finish(emit: ([String]) throws -> Void) rethrows {
        if state != .fieldStart || !field.isEmpty || !record.isEmpty {
            try endRecord(emit)
        }
    }

    private mutating func endField() {
        record.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRecord(_ emit: ([String]) throws -> Void) rethrows {
        let blank = record.isEmpty && field.isEmpty && state == .fieldStart
        endField()
        let finished = record
        record.removeAll(keepingCapacity: true)
        if !blank {
            try emit(finished)
        }
    }

    /// Guesses the delimiter from a header line: whichever of `;`, `,` and tab
    /// occurs most often outside quotes (`,` when none does).
    public static func detectDelimiter(headerLine: some Sequence<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "\t")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in headerLine {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if byte == UInt8(ascii: "\n") && !inQuotes { break }
            if !inQuotes, let k = candidates.firstIndex(of: byte) { counts[k] += 1 }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] }!
        return counts[best] > 0 ? candidates[best] : UInt8(ascii: ",")
    }
}
