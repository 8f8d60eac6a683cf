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
/// The tokenizer works scalar by scalar with an ASCII fast path, because it
/// runs on every request and must cost well under a microsecond per tweet.
public struct Tokenizer: Sendable {
    /// The options this tokenizer applies.
    public let options: TokenizerOptions

    /// Creates a tokenizer with the given options.
    public init(options: TokenizerOptions) {
        self.options = options
    }

    /// The tokens of `text`, in order of appearance.
    public func tokens(in text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 4)
        var scratch: [UInt8] = []
        scratch.reserveCapacity(64)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            let startsWord = i == 0 || !Self.isWordScalar(scalars[i - 1])
            if options.urls != .words, startsWord, let end = Self.urlEnd(scalars, at: i) {
                if options.urls == .host {
                    tokens.append(Token("url:" + Self.host(of: scalars[i..<end]), .url))
                }
                i = end
            } else if startsWord, let kind = tagKind(scalar), i + 1 < scalars.count, Self.isWordScalar(scalars[i + 1]) {
                scratch.removeAll(keepingCapacity: true)
                Self.appendLowercased(scalar, to: &scratch)
                i = Self.consumeWord(scalars, from: i + 1, into: &scratch)
                tokens.append(Token(String(decoding: scratch, as: UTF8.self), kind))
            } else if Self.isWordScalar(scalar) {
                scratch.removeAll(keepingCapacity: true)
                let start = i
                i = Self.consumeWord(scalars, from: i, into: &scratch)
                if i - start >= 2 {
                    tokens.append(Token(String(decoding: scratch, as: UTF8.self), .word))
                }
            } else if options.keepEmoji, Self.isEmoji(scalar) {
                i = Self.appendEmoji(scalars, at: i, to: &tokens)
            } else {
                i += 1
            }
        }
        return tokens
    }

    /// The token kind a leading `#` or `@` introduces, when the options keep it.
    private func tagKind(_ scalar: Unicode.Scalar) -> Token.Kind? {
        switch scalar {
        case "#" where options.keepHashtags: return .hashtag
        case "@" where options.keepMentions: return .mention
        default: return nil
        }
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

    /// Appends word scalars from `start` on, lower-cased as UTF-8; returns the index after them.
    private static func consumeWord(_ scalars: [Unicode.Scalar], from start: Int, into bytes: inout [UInt8]) -> Int {
        var i = start
        while i < scalars.count, isWordScalar(scalars[i]) {
            appendLowercased(scalars[i], to: &bytes)
            i += 1
        }
        return i
    }

    /// Appends the lower-case form of `scalar` as UTF-8 (ASCII without a table look-up).
    @inline(__always)
    private static func appendLowercased(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let value = scalar.value
        if value < 0x80 {
            bytes.append(UInt8(value >= 0x41 && value <= 0x5A ? value + 32 : value))
            return
        }
        for lower in scalar.properties.lowercaseMapping.unicodeScalars {
            UTF8.encode(lower) { bytes.append($0) }
        }
    }

    /// When a link starts at `start`, the index just after it (links end at white space).
    private static func urlEnd(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        guard hasPrefix(scalars, start, "http://") || hasPrefix(scalars, start, "https://")
            || hasPrefix(scalars, start, "www.") else { return nil }
        var i = start
        while i < scalars.count, !scalars[i].properties.isWhitespace {
            i += 1
        }
        return i
    }

    /// Case-insensitive ASCII prefix test at a position.
    private static func hasPrefix(_ scalars: [Unicode.Scalar], _ start: Int, _ prefix: String) -> Bool {
        var i = start
        for expected in prefix.unicodeScalars {
            guard i < scalars.count else { return false }
            let value = scalars[i].value
            let lower = value >= 0x41 && value <= 0x5A ? value + 32 : value
            guard lower == expected.value else { return false }
            i += 1
        }
        return true
    }

    /// The lower-cased host of a link, without scheme, `www.`, port, path or query.
    static func host(of link: ArraySlice<Unicode.Scalar>) -> String {
        var text = String(String.UnicodeScalarView(link)).lowercased()
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

    /// Appends the emoji at `start` (a flag takes two regional indicators); returns the next index.
    private static func appendEmoji(_ scalars: [Unicode.Scalar], at start: Int, to tokens: inout [Token]) -> Int {
        let regional: ClosedRange<UInt32> = 0x1F1E6...0x1F1FF
        if regional.contains(scalars[start].value), start + 1 < scalars.count, regional.contains(scalars[start + 1].value) {
            tokens.append(Token(String(String.UnicodeScalarView(scalars[start...start + 1])), .emoji))
            return start + 2
        }
        tokens.append(Token(String(scalars[start]), .emoji))
        return start + 1
    }
}
