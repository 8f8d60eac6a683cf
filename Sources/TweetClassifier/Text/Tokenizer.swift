/// Splits a tweet into lower-cased tokens.
///
/// Words follow scikit-learn's default pattern `(?u)\b\w\w+\b`: a maximal run
/// of word characters (Unicode letters, numbers and `_`, as Python's `\w`)
/// is a token when it is at least two characters long. So `don’t` gives `don`
/// (as in scikit-learn, for both `'` and `’`), `café` stays whole, and each
/// CJK run is one token. Emoji are not word characters; they become tokens
/// only with `keepEmoji`. Hashtags, mentions and links are handled as
/// `TokenizerOptions` says.
///
/// The tokenizer runs on every request, so it reads the string's UTF-8 bytes
/// in place: ASCII (most of a tweet) takes a fast path with no table look-up
/// and no intermediate buffer; only non-ASCII scalars are decoded.
public struct Tokenizer: Sendable {
    /// The options this tokenizer applies.
    public let options: TokenizerOptions

    /// Creates a tokenizer with the given options.
    public init(options: TokenizerOptions) {
        self.options = options
    }

    /// The tokens of `text`, in order of appearance.
    public func tokens(in text: String) -> [Token] {
        var text = text
        return text.withUTF8 { tokens(inUTF8: $0) }
    }

    /// The tokens of UTF-8 `bytes` (a whole text or one word of it: tokens never span white space).
    func tokens(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 5)
        forEachToken(inUTF8: bytes) { tokens.append($0) }
        return tokens
    }

    /// Calls `body` with each token of UTF-8 `bytes`, in order.
    @inline(__always)
    func forEachToken(inUTF8 bytes: UnsafeBufferPointer<UInt8>, _ body: (Token) -> Void) {
        forEachTokenText(inUTF8: bytes) { text, kind in body(Token(text.string, kind)) }
    }

    /// Calls `body` with the text and kind of each token of UTF-8 `bytes`, in
    /// order (the hashed analyzer's path, which hashes the text without
    /// building a string when it can).
    @inline(__always)
    func forEachTokenText(inUTF8 bytes: UnsafeBufferPointer<UInt8>, _ body: (TokenText, Token.Kind) -> Void) {
        var i = 0
        var previousIsWord = false
        while i < bytes.count {
            let (scalar, length) = Self.scalar(in: bytes, at: i)
            if options.urls != .words, !previousIsWord, let end = Self.urlEnd(bytes, at: i) {
                if options.urls == .host {
                    body(.string("url:" + Self.host(of: bytes, from: i, to: end)), .url)
                }
                i = end
                previousIsWord = false
            } else if !previousIsWord, let kind = tagKind(scalar), i + 1 < bytes.count,
                      Self.isWordScalar(Self.scalar(in: bytes, at: i + 1).scalar) {
                let end = Self.wordEnd(bytes, from: i + 1)
                body(.bytes(UnsafeBufferPointer(rebasing: bytes[i..<end])), kind)
                i = end
                previousIsWord = true
            } else if Self.isWordScalar(scalar) {
                let end = Self.wordEnd(bytes, from: i)
                if Self.hasTwoScalars(bytes, from: i, to: end) {
                    body(.bytes(UnsafeBufferPointer(rebasing: bytes[i..<end])), .word)
                }
                i = end
                previousIsWord = true
            } else if options.keepEmoji, Self.isEmoji(scalar) {
                let end = Self.emojiEnd(bytes, at: i)
                body(.string(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self)), .emoji)
                i = end
                previousIsWord = false
            } else {
                i += length
                previousIsWord = false
            }
        }
    }

    /// The token kind a leading `#` or `@` introduces, when the options keep it.
    private func tagKind(_ scalar: Unicode.Scalar) -> Token.Kind? {
        switch scalar {
        case "#" where options.keepHashtags: return .hashtag
        case "@" where options.keepMentions: return .mention
        default: return nil
        }
    }

    /// The scalar starting at byte `i` of valid UTF-8, and its length in bytes.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = bytes[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for k in 1..<length where i + k < bytes.count {
            value = value << 6 | UInt32(bytes[i + k] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Python's `\w` for one scalar: letters, numbers (any kind) and `_`.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x30 && value <= 0x39) || value == 0x5F
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// The byte index just after the run of word scalars starting at `start`.
    @inline(__always)
    private static func wordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        while i < bytes.count {
            let (scalar, length) = scalar(in: bytes, at: i)
            guard isWordScalar(scalar) else { break }
            i += length
        }
        return i
    }

    /// Whether the bytes hold at least two scalars (scikit-learn's minimum word length).
    @inline(__always)
    private static func hasTwoScalars(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        end - start >= 2 && scalar(in: bytes, at: start).length < end - start
    }

    /// When a link starts at `start`, the index just after it (links end at white space).
    private static func urlEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard hasPrefix(bytes, start, "http://") || hasPrefix(bytes, start, "https://") || hasPrefix(bytes, start, "www.") else {
            return nil
        }
        var i = start
        while i < bytes.count {
            let (scalar, length) = scalar(in: bytes, at: i)
            if scalar.properties.isWhitespace { break }
            i += length
        }
        return i
    }

    /// Case-insensitive ASCII prefix test at a position.
    @inline(__always)
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ prefix: StaticString) -> Bool {
        guard start + prefix.utf8CodeUnitCount <= bytes.count else { return false }
        for k in 0..<prefix.utf8CodeUnitCount {
            let byte = bytes[start + k]
            if TokenText.lowercasedASCII(byte) != prefix.utf8Start[k] { return false }
        }
        return true
    }

    /// The lower-cased host of a link, without scheme, `www.`, port, path or query.
    static func host(of bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String {
        var text = TokenText.bytes(UnsafeBufferPointer(rebasing: bytes[start..<end])).string
        for prefix in ["https://", "http://", "www."] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
        }
        let host = text.prefix { !"/?#:".contains($0) }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : String(host)
    }

    /// Emoji as Unicode defines them, leaving out the ASCII and Latin-1 symbols
    /// (`#`, `*`, digits, ©) that carry the Emoji property too.
    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0xFF && scalar.properties.isEmoji && !isEmojiModifierOrJoiner(scalar)
    }

    /// Skin tones, the zero-width joiner and variation selectors: parts of an
    /// emoji sequence that mean nothing alone.
    private static func isEmojiModifierOrJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isEmojiModifier || scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value)
    }

    /// The index just after the emoji at `start` (a flag takes two regional indicators).
    private static func emojiEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        let regional: ClosedRange<UInt32> = 0x1F1E6...0x1F1FF
        let (first, length) = scalar(in: bytes, at: start)
        var end = start + length
        if regional.contains(first.value), end < bytes.count {
            let (second, secondLength) = scalar(in: bytes, at: end)
            if regional.contains(second.value) { end += secondLength }
        }
        return end
    }
}
