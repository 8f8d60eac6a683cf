import Testing
@testable import TweetClassifier

@Suite("Model selection")
struct ModelSelectionTests {
    /// 60 pairs of tweets: both tweets of a pair say "covid news" and a word
    /// of their own (`pair7x`), and share a label. A pair's word fills 2 tweets,
    /// so min-df 2 over every row keeps it; a held-out tweet whose partner is
    /// in the training folds would then score by the partner's label.
    static let examples = (0..<120).map { row in
        LabeledTweet(text: "covid news pair\(row / 2)x", label: (row / 2) % 2 == 0 ? .american : .notAmerican)
    }

    @Test(
        "a held-out tweet's words that the fold's training rows fill fewer than min-df times carry nothing into its score",
        arguments: [ModelKind.linearSVM, .dualLogisticRegression, .nbSVM]
    )
    func foldVocabulary(kind: ModelKind) {
        let block = FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 1, minDF: 2, buckets: 1 << 18)
        let set = HashedTrainingSet(
            examples: Self.examples, sources: [Int](repeating: 0, count: Self.examples.count), settings: RecommendedSettings.for(kind), blocks: [block]
        )
        let pairWords = Set((0..<60).flatMap { set.vectorizer.analyzer.counts("pair\($0)x").columns })
        #expect(pairWords.count == 60 && pairWords.allSatisfy { set.vectorizer.quantizedIDF.codes[Int($0)] != 0 }, "every row together keeps each pair's word")
        let folds = StratifiedFolds(labels: set.labels, k: 5)
        let result = ModelSelection.crossValidate(set, grid: [GridPoint(kind: kind, c: 1, blocks: [0], sourceWeights: [1])], folds: folds).results[0]
        for heldOut in folds.heldOut {
            // Only "covid news" is left of every held-out tweet, so all of a fold's tweets score the same.
            let scores = Set(heldOut.map { result.outOfFoldDecisions[$0] })
            #expect(scores.count == 1, "\(scores.count) different scores in one fold: the held-out rows shaped its vocabulary")
        }
        #expect(result.meanAccuracy == 0.5)
    }
}
