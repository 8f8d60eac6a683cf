/// Turns a text into the terms a model counts: tokens, minus stop words,
/// then word n-grams.
///
/// This mirrors scikit-learn's `CountVectorizer(analyzer="word")`: stop words
/// are removed first and n-grams are built from the remaining tokens, joined
/// by a single space. Stop words apply to plain words only (never to
/// `#hashtags`, `@mentions`, links or emoji).
public struct TextAnalyzer: Sendable {
    /// The tokenizer in front of the analyzer.
    public let tokenizer: Tokenizer
    /// Words dropped before n-grams are built.
    public let stopWords: Set<String>
    /// The longest n-gram (1 = words only).
    public let ngramMax: Int

    /// Creates an analyzer; `ngramMax` below 1 is treated as 1.
    public init(tokenizer: Tokenizer, stopWords: Set<String>, ngramMax: Int) {
        self.tokenizer = tokenizer
        self.stopWords = stopWords
        self.ngramMax = max(1, ngramMax)
    }

    /// The terms of `text`, unigrams first then longer n-grams, with repeats.
    public func terms(of text: String) -> [String] {
        terms(ofWords: words(of: text))
    }

    /// The tokens of `text` that n-grams are built from (stop words removed).
    public func words(of text: String) -> [String] {
        var words: [String] = []
        for token in tokenizer.tokens(in: text) where token.kind != .word || !stopWords.contains(token.text) {
            words.append(token.text)
        }
        return words
    }

    /// The terms of a tweet's `words`: the words themselves, then longer n-grams.
    public func terms(ofWords words: [String]) -> [String] {
        guard ngramMax > 1, words.count > 1 else { return words }
        var terms = words
        for n in 2...min(ngramMax, words.count) {
            for start in 0...(words.count - n) {
                terms.append(words[start..<start + n].joined(separator: " "))
            }
        }
        return terms
    }
}
