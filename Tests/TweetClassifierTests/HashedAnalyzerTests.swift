import TestFixtures
import Testing
@testable import TweetClassifier

@Suite("Hashed analyzer")
struct HashedAnalyzerTests {
    /// The fixture corpus and texts that reach the analyzer's corners: accents,
    /// emoji, one-letter and long words, stop words, links, tags, odd white space.
    static let texts = (FixtureCorpus.training + FixtureCorpus.heldOut).map(\.text) + [
        "Café a 🇺🇸 NEW-York,  déjà vu", "the of and a I", "x", "   ", "ÀÉÎ ÕÜ ŞĞ İ ß ΣΑΣ", "#StayHome @CDCgov https://t.co/abc www.x.org",
        "supercalifragilisticexpialidocious 1234567890", "日本語のテキスト 中文", "tab\tnew\nline\u{0B}vt\u{1C}fs", "👍🏽👨‍👩‍👧 ok!!",
    ]

    /// The shipped blocks with the tweet tokenizer and English stop words, so every path of the word block runs.
    static let vectorizer: HashedVectorizer = {
        let settings = Hyperparameters(tokenizer: .tweet, stopWords: .english, blocks: [.words, .characters])
        let analyzer = settings.hashedAnalyzer(blocks: [.words, .characters])
        let codes = (0..<analyzer.columnCount).map { UInt8(truncatingIfNeeded: $0 % 251 + 1) }
        return HashedVectorizer(analyzer: analyzer, idf: Quantized(codes: codes, scale: 0.05), options: TfidfOptions(sublinearTF: true))
    }()

    @Test("the counting path gives exactly the counts of the analysed tweet, in the same order")
    func countsMatchAnalysis() {
        let analyzer = Self.vectorizer.analyzer
        for text in Self.texts {
            let fast = analyzer.counts(text), slow = DocumentCounts(analyzer.analyze(text))
            #expect(fast.columns == slow.columns, "\(text)")
            #expect(fast.counts == slow.counts, "\(text)")
            #expect(fast.blockEnds == slow.blockEnds, "\(text)")
        }
    }

    /// FNV-1a over every column index and the bits of every value of the texts' feature vectors.
    static func fingerprint(_ vectors: [SparseVector]) -> UInt64 {
        var hash = FeatureHash.seed
        for vector in vectors {
            for (index, value) in zip(vector.indices, vector.values) {
                hash = FeatureHash.combine(hash, UInt32(bitPattern: index))
                hash = FeatureHash.combine(FeatureHash.combine(hash, UInt32(truncatingIfNeeded: value.bitPattern)), UInt32(value.bitPattern >> 32))
            }
            hash = FeatureHash.combine(hash, 0xFFFF_FFFF)
        }
        return hash
    }

    @Test("the feature vectors are bit for bit those of the analyzer before its allocation-free rewrite")
    func sameBitsAsBefore() {
        // Recorded with the analyzer of commit c6609f5, which built a term list per block and a scalar array per word.
        #expect(Self.fingerprint(Self.texts.map(Self.vectorizer.transform)) == 7_450_725_899_493_211_129)
    }
}
