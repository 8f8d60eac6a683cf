import Testing
@testable import TweetClassifier

@Suite("Feature hashing")
struct HashingTests {
    static let tiny = FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 1, minDF: 1, buckets: 4)

    /// Two words that share a bucket of `tiny` with opposite signs.
    static func cancellingPair() -> (String, String) {
        let words = (0..<500).map { "w\($0)" }
        for a in words {
            for b in words where a < b {
                let (sa, sb) = (FeatureHash.slot(FeatureHash.hash(ngramOf: [FeatureHash.hash(a)]), buckets: 4),
                                FeatureHash.slot(FeatureHash.hash(ngramOf: [FeatureHash.hash(b)]), buckets: 4))
                if sa.bucket == sb.bucket, sa.sign != sb.sign { return (a, b) }
            }
        }
        fatalError("no cancelling pair among 500 words")
    }

    @Test("the hash is fixed: the same string gives the same bucket in every process")
    func stable() {
        #expect(FeatureHash.hash("covid") == FeatureHash.hash("covid"))
        #expect(FeatureHash.hash("") == FeatureHash.finish(FeatureHash.seed))
        #expect(FeatureHash.slot(FeatureHash.hash("covid"), buckets: 1 << 17) == FeatureHash.slot(FeatureHash.hash("covid"), buckets: 1 << 17))
    }

    @Test("a token hashed from its bytes as they are lower-cased has the hash of its lower-cased string")
    func tokenHashFromBytes() {
        // FNV-1a and MurmurHash3's finaliser of "covid", computed apart from this code (Python).
        #expect(FeatureHash.hash("covid") == 6_126_739_537_434_201_272)
        var text = "COVID"
        text.withUTF8 { #expect(TokenText.bytes($0).featureHash == 6_126_739_537_434_201_272) }
        let tokenizer = Tokenizer(options: .tweet)
        var (tokens, fromBytes) = (0, 0)
        for var text in HashedAnalyzerTests.texts + ["COVID Covid covid", "ÉCOLE École", "#StayHome @CDCgov ΣΑΣ İstanbul"] {
            text.withUTF8 { bytes in
                tokenizer.forEachTokenText(inUTF8: bytes) { token, _ in
                    #expect(token.featureHash == FeatureHash.hash(token.string), "\(token.string)")
                    tokens += 1
                    if case .bytes = token { fromBytes += 1 }
                }
            }
        }
        // Both kinds of token text, ASCII and not, were checked.
        #expect(tokens > 100 && fromBytes < tokens)
    }

    @Test("colliding n-grams add their signed counts; with one bucket, the count is the sum of all signs")
    func collisionsAdd() {
        let one = FeatureBlock(analyzer: .charWB, ngramMin: 2, ngramMax: 5, minDF: 1, buckets: 1)
        let analyzer = HashedAnalyzer(blocks: [one], tokenizer: Tokenizer(options: .scikitLearn), stopWords: [])
        let document = analyzer.analyze("collisions are handled")
        let counts = DocumentCounts(document)
        let total = document.blocks[0].reduce(0) { $0 + $1.sign }
        #expect(document.blocks[0].count > 40)
        #expect(counts.columns == (total == 0 ? [] : [0]))
        #expect(counts.counts == (total == 0 ? [] : [total]))
    }

    @Test("a bucket whose n-grams cancel out is left out, not weighted as log(0)")
    func cancellationDropsTheBucket() {
        let (a, b) = Self.cancellingPair()
        let analyzer = HashedAnalyzer(blocks: [Self.tiny], tokenizer: Tokenizer(options: .scikitLearn), stopWords: [])
        let counts = DocumentCounts(analyzer.analyze("\(a) \(b)"))
        #expect(counts.columns.isEmpty)
        let vectorizer = HashedVectorizer(analyzer: analyzer, idf: Quantized([1, 1, 1, 1]), options: TfidfOptions(sublinearTF: true))
        let vector = vectorizer.transform("\(a) \(b) \(a)")
        #expect(vector.values.count == 1 && vector.values.allSatisfy(\.isFinite))
        #expect(abs(abs(vector.values[0]) - 1) < 1e-12, "one bucket left, normalised")
    }

    @Test("min-df prunes rare buckets: their idf is 0 and they leave the vectors")
    func minDFPrunes() {
        let block = FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 1, minDF: 2, buckets: 1 << 16)
        let analyzer = HashedAnalyzer(blocks: [block], tokenizer: Tokenizer(options: .scikitLearn), stopWords: [])
        let counts = ["common rare", "common other"].map { DocumentCounts(analyzer.analyze($0)) }
        let vectorizer = HashedVectorizer.fit(analyzer: analyzer, counts: counts, options: TfidfOptions())
        #expect(vectorizer.quantizedIDF.codes.count { $0 > 0 } == 1)
        #expect(vectorizer.transform("common rare").indices.count == 1)
    }

    @Test("blocks are normalised each on its own")
    func blocksNormalisedApart() {
        let words = FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 2, minDF: 1, buckets: 1 << 16)
        let chars = FeatureBlock(analyzer: .charWB, ngramMin: 2, ngramMax: 5, minDF: 1, buckets: 1 << 16)
        let analyzer = HashedAnalyzer(blocks: [words, chars], tokenizer: Tokenizer(options: .scikitLearn), stopWords: [])
        let vectorizer = HashedVectorizer(analyzer: analyzer, idf: Quantized([Float](repeating: 1, count: 1 << 17)), options: TfidfOptions(sublinearTF: true))
        let vector = vectorizer.transform("stay home stay safe")
        let wordPart = zip(vector.indices, vector.values).filter { $0.0 < 1 << 16 }.reduce(0) { $0 + $1.1 * $1.1 }
        let charPart = zip(vector.indices, vector.values).filter { $0.0 >= 1 << 16 }.reduce(0) { $0 + $1.1 * $1.1 }
        #expect(abs(wordPart - 1) < 1e-9 && abs(charPart - 1) < 1e-9)
    }
}
