import ArgumentParser
import TweetClassifier

/// `american`: train, evaluate, serve and measure the tweet classifier.
///
/// Each subcommand is a small type in its own file; they share option groups
/// (`DatasetOptions`) rather than repeating flags.
@main
struct American: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict whether a tweet's author is American: train, evaluate, serve and measure the model.",
        version: CodeVersion.release,
        subcommands: [
            TrainCommand.self, EvaluateCommand.self, ServeCommand.self,
            PredictCommand.self, ScoreCommand.self, WatchCommand.self, BenchPredictCommand.self,
        ]
    )
}
