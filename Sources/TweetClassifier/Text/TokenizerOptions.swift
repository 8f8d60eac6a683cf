/// How the tweet-specific parts of a text become tokens.
///
/// Two presets matter: `.scikitLearn` reproduces scikit-learn's default
/// `(?u)\b\w\w+\b` token pattern exactly (so our Naive Bayes can be compared
/// with the course's pipeline), and `.tweet` keeps the pieces of a tweet that
/// carry location signal (#hashtags, @mentions, link hosts, emoji such as flags)
/// as tokens of their own instead of shredding them into words.
public struct TokenizerOptions: Codable, Sendable, Equatable {
    /// What to do with `http(s)://…` and `www.…` links.
    public enum URLHandling: String, Codable, Sendable {
        /// Treat the link as ordinary text (scikit-learn's behaviour: `https`, `co`, …).
        case words
        /// Drop links entirely.
        case drop
        /// One token `url:<host>` per link (`url:t.co`, `url:nytimes.com`), `www.` removed.
        case host
    }

    /// `#NewYork` becomes the single token `#newyork` (otherwise just the word).
    public var keepHashtags: Bool
    /// `@CNN` becomes the single token `@cnn` (otherwise just the word).
    public var keepMentions: Bool
    /// Each emoji becomes a token; a pair of regional indicators becomes one flag token.
    public var keepEmoji: Bool
    /// See `URLHandling`.
    public var urls: URLHandling

    /// Creates options; every field is explicit so that a model file states them all.
    public init(keepHashtags: Bool, keepMentions: Bool, keepEmoji: Bool, urls: URLHandling) {
        self.keepHashtags = keepHashtags
        self.keepMentions = keepMentions
        self.keepEmoji = keepEmoji
        self.urls = urls
    }

    /// scikit-learn's `CountVectorizer` default tokenisation, bit for bit on ordinary text.
    public static let scikitLearn = TokenizerOptions(keepHashtags: false, keepMentions: false, keepEmoji: false, urls: .words)
    /// Tweet-aware tokenisation: hashtags, mentions, link hosts and emoji kept as features.
    public static let tweet = TokenizerOptions(keepHashtags: true, keepMentions: true, keepEmoji: true, urls: .host)

    enum CodingKeys: String, CodingKey {
        case keepHashtags = "keep_hashtags"
        case keepMentions = "keep_mentions"
        case keepEmoji = "keep_emoji"
        case urls
    }
}
