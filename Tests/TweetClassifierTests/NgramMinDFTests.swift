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

    @Test("the table grows past its first size and keeps every count")
    func growth() {
        let texts = (0..<3_000).map { "w\($0) w\($0 / 2)" }
        let kept = Self.kept(texts, minDF: 2)
        // w(k) for k < 1,500 is in tweets 2k and 2k+1 (as w(k/2)) and tweet k: at least 2; the others only in their own.
        for k in [0, 1, 777, 1_499, 1_500, 2_999] {
            #expect(kept.contains(FeatureHash.hash(ngramOf: [FeatureHash.hash("w\(k)")])) == (k < 1_500), "w\(k)")
        }
    }

    @Test("two rare n-grams that share a bucket do not pass min-df together, and a training tweet counts only its kept n-grams")
    func collisionsDoNotPassMinDF() {
        let rare = HashedTrainingSet(
            examples: [LabeledTweet(text: "alpha", label: .american), LabeledTweet(text: "beta", label: .notAmerican)],
            sources: [0, 0], settings: Hyperparameters(), blocks: [Self.oneBucket]
        )
        #expect(rare.vectorizer.quantizedIDF.codes == [0], "the bucket is filled by two tweets, but by no n-gram of two")
        let kept = Self.kept(["alpha gamma", "gamma"], minDF: 2)
        let gamma = FeatureHash.slot(FeatureHash.hash(ngramOf: [FeatureHash.hash("gamma")]), buckets: 1).sign
        #expect(Self.analyzer.counts("alpha gamma gamma", keeping: [kept]).counts == [2 * gamma], "alpha is left out")
        #expect(Self.analyzer.counts("alpha gamma gamma").counts != [2 * gamma], "served, alpha falls in the bucket too")
    }
}
