import Testing
@testable import TweetClassifier

@Suite("min-df per n-gram")
struct NgramMinDFTests {
    /// One word block of a single bucket: every word n-gram collides with every other.
    static let oneBucket = FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 1, minDF: 2, buckets: 1)
    static let analyzer = Hyperparameters().hashedAnalyzer(blocks: [oneBucket])

    /// The n-grams of `texts` that `minDF` of them have.
    static func kept(_ texts: [String], minDF: Int) -> NgramSet {
        let table = NgramFrequencies()
        for text in texts { analyzer.countDocumentFrequencies(text, into: [table]) }
        return table.kept(minDF: minDF)
    }

    @Test("a tweet counts an n-gram once however often it has it; merged tables add their documents")
    func documentFrequencies() {
        let (alpha, beta) = (FeatureHash.hash(ngramOf: [FeatureHash.hash("alpha")]), FeatureHash.hash(ngramOf: [FeatureHash.hash("beta")]))
        let once = Self.kept(["alpha alpha alpha", "beta"], minDF: 2)
        #expect(!once.contains(alpha) && !once.contains(beta), "three times in one tweet is one document")
        #expect(Self.kept(["alpha alpha alpha", "beta"], minDF: 1).contains(alpha))
        let (first, second) = (NgramFrequencies(), NgramFrequencies())
        Self.analyzer.countDocumentFrequencies("alpha beta", into: [first])
        Self.analyzer.countDocumentFrequencies("alpha", into: [second])
        first.merge(second)
        let merged = first.kept(minDF: 2)
        #expect(merged.contains(alpha) && !merged.contains(beta))
    }

    @Test("the table grows past its first size (4,096 slots, half of them usable) and keeps every count")
    func growth() {
        // 3,000 distinct n-grams: the table grows once while the texts are counted.
        let texts = (0..<3_000).map { "w\($0) w\($0 / 2)" }
        let kept = Self.kept(texts, minDF: 2)
        // w(k) for k < 1,500 is in tweets 2k and 2k+1 (as w(k/2)) and tweet k: at least 2; the others only in their own.
        for k in [0, 1, 777, 1_499, 1_500, 2_999] {
            #expect(kept.contains(FeatureHash.hash(ngramOf: [FeatureHash.hash("w\(k)")])) == (k < 1_500), "w\(k)")
        }
    }

    @Test("a tweet still counts each n-gram once when the table grows in the middle of it")
    func growthWithinATweet() {
        let words = (0..<3_000).map { "w\($0)" }.joined(separator: " ")
        let w0 = FeatureHash.hash(ngramOf: [FeatureHash.hash("w0")])
        #expect(!Self.kept([words + " w0"], minDF: 2).contains(w0), "w0 before and after the growth is one document")
        #expect(Self.kept([words + " w0", "w0"], minDF: 2).contains(w0))
    }

    @Test("the set holds exactly its n-grams, the hash 0 included")
    func set() {
        let set = NgramSet([0, 5, 1 << 40])
        #expect(set.contains(0) && set.contains(5) && set.contains(1 << 40))
        #expect(!set.contains(6) && !NgramSet([5]).contains(0) && !NgramSet([]).contains(5))
    }

    @Test("keeping every n-gram counts a tweet as serving does, for word and character blocks")
    func keepingEverything() {
        let analyzer = Hyperparameters(stopWords: .none).hashedAnalyzer(blocks: [.words, .characters])
        let texts = ["Café a 🇺🇸 NEW-York, déjà vu déjà", "the the of", "x", ""]
        let tables = analyzer.blocks.map { _ in NgramFrequencies() }
        for text in texts { analyzer.countDocumentFrequencies(text, into: tables) }
        let everything = tables.map { $0.kept(minDF: 1) }
        for text in texts {
            let (kept, all) = (analyzer.counts(text, keeping: everything), analyzer.counts(text))
            #expect(kept.columns == all.columns && kept.counts == all.counts && kept.blockEnds == all.blockEnds, "\(text)")
        }
    }

    @Test("a refit counts its own rows' kept n-grams only and the held-out rows' every n-gram")
    func refitCountsFittedRowsOnly() {
        let examples = ["alpha beta", "beta", "alpha"].map { LabeledTweet(text: $0, label: .american) }
        let all = HashedTrainingSet(examples: examples, sources: [0, 0, 0], settings: Hyperparameters(), blocks: [Self.oneBucket])
        let fold = all.refitted(on: [0, 1])
        let (alpha, beta) = (Self.sign("alpha"), Self.sign("beta"))
        #expect(alpha == -beta, "the two words' signs cancel in the one bucket, so that row 0 tells what was counted")
        func row(_ set: HashedTrainingSet, _ row: Int) -> [Float] {
            Array(set.matrix.values[set.matrix.rowStarts[row]..<set.matrix.rowStarts[row + 1]])
        }
        // One bucket, L2-normalised: a row is the sign of its bucket's count, or empty when the count is 0.
        #expect(row(fold, 0) == [beta], "alpha is in one of the fold's rows only: pruned from row 0")
        #expect(row(fold, 2) == [alpha], "held out, alpha still falls in the (kept) bucket")
        #expect(row(all, 0) == [], "over all rows alpha is kept, and cancels beta")
    }

    /// The sign of a word's bucket.
    static func sign(_ word: String) -> Float {
        Float(FeatureHash.slot(FeatureHash.hash(ngramOf: [FeatureHash.hash(word)]), buckets: 1).sign)
    }

    @Test("two rare n-grams that share a bucket do not pass min-df together, and a training tweet counts only its kept n-grams")
    func collisionsDoNotPassMinDF() {
        let rare = HashedTrainingSet(
            examples: [LabeledTweet(text: "alpha", label: .american), LabeledTweet(text: "beta", label: .notAmerican)],
            sources: [0, 0], settings: Hyperparameters(), blocks: [Self.oneBucket]
        )
        #expect(rare.vectorizer.quantizedIDF.codes == [0], "the bucket is filled by two tweets, but by no n-gram of two")
        let kept = Self.kept(["alpha gamma", "gamma"], minDF: 2)
        let gamma = Int32(Self.sign("gamma"))
        #expect(Self.analyzer.counts("alpha gamma gamma", keeping: [kept]).counts == [2 * gamma], "alpha is left out")
        #expect(Self.analyzer.counts("alpha gamma gamma").counts != [2 * gamma], "served, alpha falls in the bucket too")
    }
}
