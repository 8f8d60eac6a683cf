import Testing
@testable import TweetClassifier

@Suite("Tokenizer")
struct TokenizerTests {
    let sklearn = Tokenizer(options: .scikitLearn)
    let tweet = Tokenizer(options: .tweet)

    func texts(_ tokenizer: Tokenizer, _ text: String) -> [String] {
        tokenizer.tokens(in: text).map(\.text)
    }

    @Test("scikit-learn pattern: lower-case runs of two or more word characters")
    func scikitLearnPattern() {
        #expect(texts(sklearn, "Hello, World! I am 2 legit_2 quit") == ["hello", "world", "am", "legit_2", "quit"])
    }

    @Test("apostrophes split words like scikit-learn, straight or curly")
    func apostrophes() {
        #expect(texts(sklearn, "Don't can’t") == ["don", "can"])
        #expect(texts(tweet, "Don't can’t") == ["don", "can"])
    }

    @Test("Unicode letters: accents, other scripts and CJK stay whole")
    func unicodeLetters() {
        #expect(texts(sklearn, "Café São Paulo ÉCOLE") == ["café", "são", "paulo", "école"])
        #expect(texts(sklearn, "東京 в Москве") == ["東京", "москве"])
    }

    @Test("emoji are dropped by the scikit-learn preset and kept by the tweet preset, flags as one token")
    func emoji() {
        #expect(texts(sklearn, "stay home 😷🇺🇸") == ["stay", "home"])
        #expect(texts(tweet, "stay home 😷🇺🇸 👍🏽") == ["stay", "home", "😷", "🇺🇸", "👍"])
    }

    @Test("hashtags and mentions: whole tokens in tweet mode, bare words in scikit-learn mode")
    func hashtagsAndMentions() {
        #expect(texts(tweet, "#StayHome with @NYGovCuomo #COVID19") == ["#stayhome", "with", "@nygovcuomo", "#covid19"])
        #expect(texts(sklearn, "#StayHome with @NYGovCuomo") == ["stayhome", "with", "nygovcuomo"])
        #expect(tweet.tokens(in: "#usa").first?.kind == .hashtag)
    }

    @Test("a # or @ inside a word is not a tag")
    func tagsInsideWords() {
        #expect(texts(tweet, "C# mail me at a@b.com") == ["mail", "me", "at", "com"])
    }

    @Test("links become url:<host> in tweet mode and words in scikit-learn mode")
    func links() {
        #expect(texts(tweet, "read https://t.co/AbC123 and http://www.NYTimes.com/x?y=1") == ["read", "url:t.co", "and", "url:nytimes.com"])
        #expect(texts(sklearn, "read https://t.co/AbC123") == ["read", "https", "co", "abc123"])
        #expect(texts(tweet, "www.cdc.gov/coronavirus now") == ["url:cdc.gov", "now"])
    }

    @Test("empty and white-space-only text gives no tokens", arguments: ["", "   ", "\n\t", "! ? …", "a b c"])
    func emptyText(_ text: String) {
        #expect(sklearn.tokens(in: text).isEmpty)
        #expect(tweet.tokens(in: text).isEmpty)
    }

    @Test("invalid or unusual scalars never crash")
    func unusualInput() {
        let text = "\u{0}\u{FFFD}\u{200D}\u{FE0F}#\u{1F1FA}@ https:// www."
        _ = sklearn.tokens(in: text)
        _ = tweet.tokens(in: text)
        #expect(texts(tweet, "#") == [])
    }
}

@Suite("Text analyzer")
struct TextAnalyzerTests {
    @Test("stop words are removed before n-grams are built, but never from hashtags")
    func stopWordsThenNgrams() {
        let analyzer = TextAnalyzer(tokenizer: Tokenizer(options: .tweet), stopWords: StopWords.english, ngramMax: 2)
        #expect(analyzer.terms(of: "Stay at home in New York #us") == ["stay", "home", "new", "york", "#us", "stay home", "home new", "new york", "york #us"])
    }

    @Test("the stop-word list is scikit-learn's 318 words")
    func stopWordList() {
        #expect(StopWords.english.count == 318)
        #expect(StopWords.english.contains("us"))
        #expect(!StopWords.english.contains("york"))
    }
}
