import Foundation
import TestFixtures
@testable import TweetClassifier

/// Small, hand-made data sets and models shared by the tests.
enum Fixtures {
    /// Raw counts, no stop words, scikit-learn tokens: numbers are easy to check by hand.
    static let countSettings = Hyperparameters(
        tokenizer: .scikitLearn, stopWords: .none, ngramMax: 1, minDF: 1,
        tfidf: TfidfOptions(useIdf: false, sublinearTF: false, l2Normalize: false), alpha: 1, c: 1
    )

    static let toyTweets = [
        LabeledTweet(text: "aa bb", label: .american),
        LabeledTweet(text: "aa cc", label: .american),
        LabeledTweet(text: "cc dd", label: .notAmerican),
    ]

    static let provenance = Trainer.Provenance(files: [.init(name: "toy.csv", sha256: String(repeating: "0", count: 64))], skippedRows: 0, date: Date(timeIntervalSince1970: 1_764_000_000))

    static func trained(_ kind: ModelKind, settings: Hyperparameters? = nil) throws -> ModelFile {
        try Trainer.train(FixtureCorpus.training, kind: kind, settings: settings ?? RecommendedSettings.for(kind), provenance: provenance)
    }
}

extension HashedVectorizer {
    /// The feature vector of `text` as training computes it: the reference the serving path is checked against.
    func transform(_ text: String) -> SparseVector {
        weigh(analyzer.counts(text))
    }
}
