import ArgumentParser
import TweetClassifier

/// `--model nb|logreg` reads a model kind by its file-format name.
extension ModelKind: ExpressibleByArgument {}

/// `--stop-words english|none` reads a stop-word list by name.
extension StopWordList: ExpressibleByArgument {}
