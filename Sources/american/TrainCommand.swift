import ArgumentParser
import Foundation
import TweetClassifier

/// `american train`: fit a model on a labelled CSV and write a model file.
///
/// With only `--model`, each kind gets its recommended settings: `nb` is the
/// course's scikit-learn pipeline, `logreg` our best configuration (see
/// models/README.md); any flag given overrides one setting.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train a model on a labelled CSV.")

    @Option(help: "Training CSV (header row; ';' or ',' separated). Repeat to train on several files.")
    var data: [String]

    @Option(help: "Held-out CSV to report accuracy on (stored in the model's metadata).")
    var test: String?

    @Option(help: "Classifier: nb (Multinomial Naive Bayes) or logreg (logistic regression).")
    var model: ModelKind = .logisticRegression

    @Option(help: "Tokenizer: sklearn (scikit-learn's word pattern) or tweet (keeps #tags, @mentions, link hosts, emoji).")
    var tokenizer: TokenizerPreset?

    @Option(help: "Stop words to remove: english or none.")
    var stopWords: StopWordList?

    @Option(help: "Longest word n-gram (1 = single words).")
    var ngramMax: Int?

    @Option(help: "Minimum number of tweets a term must appear in.")
    var minDf: Int?

    @Flag(inversion: .prefixedNo, help: "Use 1 + log(tf) instead of raw term counts.")
    var sublinearTf: Bool?

    @Option(help: "Naive Bayes smoothing.")
    var alpha: Double?

    @Option(help: "Logistic regression inverse regularisation strength.")
    var c: Double?

    @Option(help: "Where to write the model file.")
    var out = "models/american.model.json"

    @Flag(help: "Print a JSON summary on standard output instead of text.")
    var json = false

    @OptionGroup var dataset: DatasetOptions

    func validate() throws {
        if let ngramMax, !(1...5).contains(ngramMax) { throw ValidationError("--ngram-max must be between 1 and 5") }
        if let minDf, minDf < 1 { throw ValidationError("--min-df must be at least 1") }
        if let alpha, !(alpha > 0) { throw ValidationError("--alpha must be positive") }
        if let c, !(c > 0) { throw ValidationError("--c must be positive") }
    }

    func run() throws {
        let progress = ProgressDisplay()
        var files: [ModelMetadata.DataFile] = []
        var training: LabeledDataset?
        for path in data {
            progress.update("reading \(path)")
            let (part, summary) = try dataset.load(path)
            files.append(.init(name: URL(fileURLWithPath: path).lastPathComponent, sha256: summary.sha256))
            if training == nil { training = part } else { training!.append(part) }
        }
        guard let training else { throw ValidationError("give at least one --data file") }
        let evaluation = try test.map { try dataset.load($0).0 }
        let file = try Trainer.train(
            training.examples, kind: model, settings: settings,
            provenance: .init(files: files, skippedRows: training.skippedRows, date: Date()),
            progress: { progress.update($0) }
        )
        var stored = file
        if let evaluation, let test {
            progress.update("evaluating on \(test)")
            stored.metadata.evaluation = Trainer.evaluate(try TweetModel(file: file), on: evaluation.examples).report
            stored.metadata.evaluationFile = URL(fileURLWithPath: test).lastPathComponent
        }
        try ModelStorage.write(stored, to: out)
        progress.finish()
        try printSummary(stored, training: training)
    }

    /// The settings: the kind's recommended ones, overridden by any flag given.
    var settings: Hyperparameters {
        var settings = RecommendedSettings.for(model)
        if let tokenizer { settings.tokenizer = tokenizer.options }
        if let stopWords { settings.stopWords = stopWords }
        if let ngramMax { settings.ngramMax = ngramMax }
        if let minDf { settings.minDF = minDf }
        if let sublinearTf { settings.tfidf.sublinearTF = sublinearTf }
        if let alpha { settings.alpha = alpha }
        if let c { settings.c = c }
        return settings
    }

    private func printSummary(_ file: ModelFile, training: LabeledDataset) throws {
        let meta = file.metadata
        let accuracy = meta.evaluation?.accuracy
        if json {
            let summary = TrainingSummary(
                rowsUsed: meta.training.rows, rowsSkipped: meta.training.skippedRows, positives: meta.training.positives,
                vocabularySize: file.vocabulary.count, trainSeconds: meta.training.seconds,
                testAccuracy: accuracy, modelKind: file.kind.rawValue, out: out
            )
            print(String(decoding: try JSONEncoder.stable.encode(summary), as: UTF8.self))
            return
        }
        print("rows used:        \(meta.training.rows) (skipped \(training.skippedWithoutText) without text, \(training.skippedWithoutLabel) without label, \(training.skippedRagged) ragged)")
        print(String(format: "label balance:    %d American (%.1f%%), %d other", meta.training.positives,
                     100 * Double(meta.training.positives) / Double(meta.training.rows), meta.training.rows - meta.training.positives))
        print("vocabulary size:  \(file.vocabulary.count)")
        print(String(format: "training time:    %.3f s", meta.training.seconds))
        if let accuracy, let name = meta.evaluationFile {
            print(String(format: "test accuracy:    %.4f on %@", accuracy, name))
        }
        print("model written to \(out)")
    }
}
