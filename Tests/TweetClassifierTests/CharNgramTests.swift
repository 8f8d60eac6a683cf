import Testing
@testable import TweetClassifier

@Suite("Character n-grams (char_wb)")
struct CharNgramTests {
    @Test("a word is padded with one space each side and cut into 2-5-grams, accents kept")
    func accentedWord() {
        #expect(CharNgrams.terms(of: "Café", range: 2...5) == [
            " c", "ca", "af", "fé", "é ",
            " ca", "caf", "afé", "fé ",
            " caf", "café", "afé ",
            " café", "café ",
        ])
    }

    @Test("a one-letter word gives its padded self once and no longer n-grams")
    func oneLetterWord() {
        #expect(CharNgrams.terms(of: "a", range: 2...5) == [" a", "a ", " a "])
        #expect(CharNgrams.terms(of: "a", range: 4...5) == [" a "], "shorter than the shortest n: once")
    }

    @Test("an emoji flag is two scalars, as Python counts them")
    func emoji() {
        #expect(CharNgrams.terms(of: "🇺🇸", range: 2...5) == [" 🇺", "🇺🇸", "🇸 ", " 🇺🇸", "🇺🇸 ", " 🇺🇸 "])
    }

    @Test("runs of white space separate words and never appear inside an n-gram")
    func whiteSpace() {
        #expect(CharNgrams.terms(of: "  Hi\t\n yo ", range: 3...3) == [" hi", "hi ", " yo", "yo "])
        #expect(CharNgrams.terms(of: " \n ", range: 2...5).isEmpty)
    }

    @Test("windowCount counts exactly the n-grams forEachWindow gives (it sizes the counting table)")
    func windowCountMatches() {
        for count in 1...12 {
            for range in [1...1, 2...5, 3...3, 4...5, 2...12, 5...9] {
                var given = 0
                CharNgrams.forEachWindow(count: count, range: range) { _, _ in given += 1 }
                #expect(CharNgrams.windowCount(count: count, range: range) == given, "\(count) scalars, \(range)")
            }
        }
        #expect(CharNgrams.windowCount(count: 6, range: 2...5) == 5 + 4 + 3 + 2, "\" café \": 5 bigrams down to 2 5-grams")
    }

    @Test("the hashed analyzer hashes exactly the n-grams CharNgrams lists")
    func hashedAgreesWithStrings() {
        let text = "Café a 🇺🇸 NEW-York,  déjà vu"
        let block = FeatureBlock(analyzer: .charWB, ngramMin: 2, ngramMax: 5, minDF: 1, buckets: 1 << 20)
        let analyzer = HashedAnalyzer(blocks: [block], tokenizer: Tokenizer(options: .scikitLearn), stopWords: [])
        let expected = CharNgrams.terms(of: text, range: 2...5).map { term in
            FeatureHash.slot(FeatureHash.finish(term.unicodeScalars.reduce(FeatureHash.seed) { FeatureHash.combine($0, $1.value) }), buckets: block.buckets)
        }
        let hashed = analyzer.analyze(text).blocks[0]
        #expect(hashed.map(\.column) == expected.map(\.bucket))
        #expect(hashed.map(\.sign) == expected.map(\.sign))
    }

    @Test("word n-grams follow the tokenizer across white-space words, each knowing its words")
    func wordNgrams() {
        let block = FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 2, minDF: 1, buckets: 1 << 20)
        let analyzer = HashedAnalyzer(blocks: [block], tokenizer: Tokenizer(options: .scikitLearn), stopWords: ["the"])
        let terms = analyzer.analyze("New-York the city").blocks[0]
        // tokens new, york, city (the is a stop word): 3 unigrams + 2 bigrams
        #expect(terms.count == 5)
        #expect(terms.map(\.firstWord) == [0, 0, 2, 0, 0])
        #expect(terms.map(\.lastWord) == [0, 0, 2, 0, 2])
    }
}
