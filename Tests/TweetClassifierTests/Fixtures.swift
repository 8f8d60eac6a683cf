import Foundation
@testable import TweetClassifier

/// Small, hand-made data sets and models shared by the tests.
enum Fixtures {
    /// Raw counts, no stop words, scikit-learn tokens: numbers are easy to check by hand.
    static let countSettings = Hyperparameters(
        tokenizer: .scikitLearn, stopWords: .none, ngramMax: 1, minDF: 1,
        tfidf: TfidfOptions(useIdf: false, sublinearTF: false, l2Normalize: false), alpha: 1, c: 1
    )

    static let toyTweets = [
        LabeledTweet(text: "aa bb", label: 1),
        LabeledTweet(text: "aa cc", label: 1),
        LabeledTweet(text: "cc dd", label: 0),
    ]

    static let provenance = Trainer.Provenance(files: [.init(name: "toy.csv", sha256: String(repeating: "0", count: 64))], skippedRows: 0, date: Date(timeIntervalSince1970: 1_764_000_000))

    /// A slightly larger, realistic corpus for round trips and explanations.
    static let tweets: [LabeledTweet] = [
        ("Stuck at home in New York, #StayHome", 1), ("Governor Cuomo briefing today in Albany", 1),
        ("Texas schools closed until May y'all", 1), ("Lockdown in London, the NHS needs us", 0),
        ("Boris Johnson update from Downing Street", 0), ("Stay safe Toronto, eh #COVID19", 0),
        ("Chicago Cubs season delayed", 1), ("Mumbai streets empty during curfew", 0),
        ("Los Angeles hospitals preparing 🇺🇸", 1), ("Sydney beaches closed by police", 0),
    ].map { LabeledTweet(text: $0.0, label: $0.1) }

    static func trained(_ kind: ModelKind, settings: Hyperparameters? = nil) throws -> ModelFile {
        try Trainer.train(tweets, kind: kind, settings: settings ?? RecommendedSettings.for(kind), provenance: provenance)
    }
}
