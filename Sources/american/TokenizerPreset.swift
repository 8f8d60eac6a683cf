import ArgumentParser
import TweetClassifier

/// The two tokenizer presets, by the names the command line uses.
enum TokenizerPreset: String, ExpressibleByArgument, CaseIterable {
    case sklearn, tweet

    var options: TokenizerOptions {
        switch self {
        case .sklearn: .scikitLearn
        case .tweet: .tweet
        }
    }
}
