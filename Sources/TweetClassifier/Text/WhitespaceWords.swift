/// The words of a text as Python's `str.split()` sees them: maximal runs of
/// anything but white space.
///
/// These are the words scikit-learn's `char_wb` analyzer pads and cuts into
/// character n-grams, and the words an explanation speaks of, so both use
/// this one definition.
enum WhitespaceWords {
    /// The byte ranges of the words of UTF-8 `bytes`, in order.
    static func spans(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        // Words are at least one byte apart: room for all of them, so the array never grows.
        spans.reserveCapacity((bytes.count + 1) / 2)
        var start: Int?
        var i = 0
        while i < bytes.count {
            let (scalar, length) = Tokenizer.scalar(in: bytes, at: i)
            if isWhitespace(scalar) {
                if let begin = start { spans.append(begin..<i) }
                start = nil
            } else if start == nil {
                start = i
            }
            i += length
        }
        if let begin = start { spans.append(begin..<bytes.count) }
        return spans
    }

    /// Python's `str.isspace()`: Unicode white space plus the four ASCII
    /// separators U+001C-U+001F that Python counts too.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) || (0x1C...0x1F).contains(value) }
        return scalar.properties.isWhitespace
    }
}
