import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Reports
import TweetClassifier

/// `american bench-predict`: the cost of one prediction, without HTTP.
///
/// Used by `benchmarks/run.sh` to compare with scikit-learn's
/// `pipeline.predict([text])`; it predicts every tweet of a file repeatedly
/// and reports the mean time per tweet.
struct BenchPredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-predict", abstract: "Measure the time of one prediction (no HTTP).")

    @Option(help: "Model file.")
    var model = "models/american.model.json"

    @Option(help: "CSV whose texts are predicted.")
    var data: String

    @Option(help: "How many passes over the texts.")
    var passes = 20

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var dataset: DatasetOptions

    func run() throws {
        let tweetModel = try ModelStorage.readModel(model)
        let texts = try dataset.load(data).0.examples.map(\.text)
        var positives = 0
        for text in texts where tweetModel.predict(text).label == .american { positives += 1 }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<max(1, passes) {
                for text in texts where tweetModel.predict(text).label == .american { positives += 1 }
            }
        }
        let perTweet = elapsed / .microseconds(1) / Double(texts.count * max(1, passes))
        if json {
            print(#"{"per_tweet_us":\#(perTweet),"tweets":\#(texts.count),"passes":\#(passes),"positives":\#(positives)}"#)
        } else {
            print("\(Fixed.format(perTweet, digits: 3)) µs per tweet (\(texts.count) tweets × \(passes) passes)")
        }
    }
}
