/// One token of a tweet, with the kind that produced it.
///
/// The kind matters because stop words apply to plain words only: `#us`
/// is a hashtag worth keeping even though `us` is a stop word.
public struct Token: Sendable, Equatable, CustomStringConvertible {
    /// What part of the tweet a token came from.
    public enum Kind: Sendable, Equatable {
        case word, hashtag, mention, url, emoji
    }

    /// The normalised (lower-cased) text of the token, e.g. `#covid19`.
    public let text: String
    /// Where it came from.
    public let kind: Kind

    /// Creates a token.
    public init(_ text: String, _ kind: Kind) {
        self.text = text
        self.kind = kind
    }

    public var description: String { text }
}
