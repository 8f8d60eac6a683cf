import TweetClassifier

/// The one labelled corpus the tests train and score on: small, realistic,
/// and with words that make the verdicts easy to predict.
public enum FixtureCorpus {
    /// Ten tweets, five American, to train on.
    public static let training: [LabeledTweet] = [
        ("Stuck at home in New York, #StayHome", Label.american), ("Governor Cuomo briefing today in Albany", .american),
        ("Texas schools closed until May y'all", .american), ("Lockdown in London, the NHS needs us", .notAmerican),
        ("Boris Johnson update from Downing Street", .notAmerican), ("Stay safe Toronto, eh #COVID19", .notAmerican),
        ("Chicago Cubs season delayed", .american), ("Mumbai streets empty during curfew", .notAmerican),
        ("Los Angeles hospitals preparing 🇺🇸", .american), ("Sydney beaches closed by police", .notAmerican),
    ].map { LabeledTweet(text: $0.0, label: $0.1) }

    /// Held-out tweets, some of which a model trained on `training` gets wrong.
    public static let heldOut: [LabeledTweet] = [
        ("New York hospitals overwhelmed", Label.american), ("London buses empty", .notAmerican), ("Texas governor update", .american),
        ("Toronto mayor briefing", .notAmerican), ("Stuck at home in London", .notAmerican), ("Chicago streets empty", .american),
        ("Downing Street update on schools", .notAmerican), ("Sydney hospitals ready", .notAmerican), ("Albany curfew", .american), ("", .american),
    ].map { LabeledTweet(text: $0.0, label: $0.1) }

    /// Made-up tweets over a small vocabulary, as many as wanted: two words
    /// of the tweet's class and three common ones, picked by the tweet's index
    /// (deterministic). Every word recurs, so a model trained on some of them
    /// knows nearly every word of the others: familiar traffic for drift tests.
    public static func synthetic(_ indices: Range<Int>) -> [LabeledTweet] {
        let american = ["texas", "york", "chicago", "cuomo", "governor", "albany", "cubs", "florida"]
        let others = ["london", "nhs", "toronto", "sydney", "mumbai", "boris", "downing", "ontario"]
        let common = ["stay", "home", "today", "schools", "closed", "streets", "empty", "update", "hospitals", "police", "safe"]
        return indices.map { i in
            let own = i % 2 == 0 ? american : others
            let words = [own[i % own.count], own[(i / 2 + 3) % own.count]] + (0..<3).map { common[(i * 7 + $0 * 3) % common.count] }
            return LabeledTweet(text: words.joined(separator: " "), label: i % 2 == 0 ? .american : .notAmerican)
        }
    }
}
