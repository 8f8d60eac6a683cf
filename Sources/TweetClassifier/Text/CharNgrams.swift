/// Character n-grams within word boundaries, as scikit-learn's
/// `analyzer="char_wb"`.
///
/// The text is lower-cased, split on white space, and each word is padded
/// with one space on each side; the n-grams of each padded word are taken
/// for every length in the range. A padded word no longer than `n` gives
/// itself once and no longer n-grams (scikit-learn's "count a short word only
/// once"). Characters are Unicode scalars, as Python's `str` indexes them.
public enum CharNgrams {
    /// The n-grams of `text` as strings, in scikit-learn's order (word by
    /// word, shortest first, left to right); the reference the hashed path is tested against.
    public static func terms(of text: String, range: ClosedRange<Int>) -> [String] {
        var terms: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var padded: [UInt32] = []
            for span in WhitespaceWords.spans(bytes) {
                padded.removeAll(keepingCapacity: true)
                appendPaddedScalars(bytes, span, to: &padded)
                forEachWindow(count: padded.count, range: range) { start, length in
                    var term = ""
                    term.unicodeScalars.append(contentsOf: padded[start..<start + length].map { Unicode.Scalar($0)! })
                    terms.append(term)
                }
            }
        }
        return terms
    }

    /// Appends the lower-cased scalars of the word at `span` to `scalars`,
    /// with a space on each side (one buffer serves every word of a tweet).
    static func appendPaddedScalars(_ bytes: UnsafeBufferPointer<UInt8>, _ span: Range<Int>, to scalars: inout [UInt32]) {
        scalars.append(0x20)
        var i = span.lowerBound
        while i < span.upperBound {
            let byte = bytes[i]
            if byte < 0x80 {
                scalars.append(UInt32(TokenText.lowercasedASCII(byte)))
                i += 1
            } else {
                let (scalar, length) = Tokenizer.scalar(in: bytes, at: i)
                scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars.map(\.value))
                i += length
            }
        }
        scalars.append(0x20)
    }

    /// The number of n-grams `forEachWindow` gives for a padded word of `count` scalars.
    static func windowCount(count: Int, range: ClosedRange<Int>) -> Int {
        var total = 0
        for n in range {
            guard n < count else { return total + 1 }
            total += count - n + 1
        }
        return total
    }

    /// Calls `body(start, length)` for each n-gram of a padded word of `count`
    /// scalars, in scikit-learn's order.
    @inline(__always)
    static func forEachWindow(count: Int, range: ClosedRange<Int>, _ body: (Int, Int) -> Void) {
        for n in range {
            guard n < count else {
                body(0, count)
                return
            }
            for start in 0...(count - n) {
                body(start, n)
            }
        }
    }
}
