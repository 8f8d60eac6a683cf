import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Reports
import TweetClassifier

/// `american train`: fit a model on a labelled CSV and write a model file.
///
/// With only `--model`, each kind gets its recommended settings: `nb` is the
/// course's scikit-learn pipeline, `logreg` our best vocabulary configuration,
/// `svm`, `logreg-dual` and `nbsvm` hashed word and character n-grams (see
/// models/README.md); any flag given overrides one setting. `--cv K` chooses
/// the hashed kind, C, blocks and source weights by K-fold cross-validation
/// on the training files (never on `--test`).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train a model on a labelled CSV.")

    @Option(help: "Training CSV (header row; ';' or ',' separated), optionally with a sample weight: B.csv:0.5. Repeat to train on several files; the first is the reference for cross-validated accuracy and calibration.")
    var data: [WeightedSource]

    @Option(help: "Held-out CSV to report accuracy on (stored in the model's metadata; never used to choose settings).")
    var test: String?

    @Option(help: "Classifier: nb (Naive Bayes), logreg (logistic regression, L-BFGS), svm (linear SVM), logreg-dual (logistic regression, dual coordinate descent) or nbsvm (NB-SVM). Default: logreg, or the three hashed kinds with --cv.")
    var model: ModelKind?

    @Option(help: "Choose the setting by K-fold cross-validation on the training data over a small grid (svm, logreg-dual and nbsvm).")
    var cv: Int?

    @Option(help: "Without --cv: folds used to calibrate an svm, logreg-dual or nbsvm model's probabilities (0 = uncalibrated).")
    var calibrationFolds = 5

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

    @Option(help: "Naive Bayes smoothing (nb, and nbsvm's log-count ratios).")
    var alpha: Double?

    @Option(help: "Logistic regression inverse regularisation strength.")
    var c: Double?

    @Option(help: "Hashed kinds: hash buckets of the word 1-2-gram block (0 leaves the block out).")
    var wordBuckets: Int?

    @Option(help: "Hashed kinds: hash buckets of the char_wb 2-5-gram block (0 leaves the block out).")
    var charBuckets: Int?

    @Option(help: "nbsvm: interpolation β between the SVM's weights and their mean magnitude (Wang & Manning 2012), 0-1; 1 (the default) keeps the SVM's weights.")
    var beta: Double?

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
        if let cv, cv < 2 { throw ValidationError("--cv must be at least 2") }
        if let beta, !(0...1).contains(beta) { throw ValidationError("--beta must be between 0 and 1") }
        if beta != nil, model != .nbSVM, cv == nil { throw ValidationError("--beta applies to nbsvm models only") }
        for (name, value) in [("--word-buckets", wordBuckets), ("--char-buckets", charBuckets)] {
            if let value, !(0...FeatureBlock.maximumBuckets).contains(value) {
                throw ValidationError("\(name) must be between 0 and \(FeatureBlock.maximumBuckets)")
            }
        }
        if settings.blocks?.isEmpty == true { throw ValidationError("--word-buckets 0 and --char-buckets 0 leave no features") }
        if calibrationFolds < 0 || calibrationFolds == 1 { throw ValidationError("--calibration-folds must be 0 or at least 2") }
        if kind.usesVocabulary {
            if cv != nil { throw ValidationError("--cv chooses among the svm, logreg-dual and nbsvm models, not \(kind.rawValue)") }
            if data.contains(where: { $0.weight != 1 }) {
                throw ValidationError("source weights (--data FILE:WEIGHT) apply to the hashed kinds (svm, logreg-dual, nbsvm) only")
            }
        }
    }

    /// The kind asked for, or the default: logreg, or the hashed kinds when cross-validating.
    var kind: ModelKind { model ?? (cv == nil ? .logisticRegression : .linearSVM) }

    func run() throws {
        let progress = ProgressDisplay()
        var files: [ModelMetadata.DataFile] = []
        var sources: [Int] = []
        var training: LabeledDataset?
        for (index, source) in data.enumerated() {
            progress.update("reading \(source.path)")
            let (part, summary) = try dataset.load(source.path)
            files.append(.init(name: URL(fileURLWithPath: source.path).lastPathComponent, sha256: summary.sha256,
                               weight: kind.usesVocabulary ? nil : source.weight))
            sources += [Int](repeating: index, count: part.examples.count)
            if training == nil { training = part } else { training!.append(part) }
        }
        guard let training else { throw ValidationError("give at least one --data file") }
        let evaluation = try test.map { try dataset.load($0).0 }
        let provenance = Trainer.Provenance(files: files, skippedRows: training.skippedRows, date: Date())
        var selection: HashedTrainer.Outcome?
        let file: ModelFile
        if kind.usesVocabulary {
            file = try Trainer.train(training.examples, kind: kind, settings: settings, provenance: provenance, progress: { progress.update($0) })
        } else {
            let outcome = try HashedTrainer.train(
                training.examples, sources: sources, grid: grid, folds: cv ?? calibrationFolds, settings: settings,
                provenance: provenance, progress: { progress.update($0) }
            )
            selection = outcome
            file = outcome.file
        }
        var stored = file
        if let evaluation, let test {
            progress.update("evaluating on \(test)")
            stored.metadata.evaluation = Trainer.evaluate(try TweetModel(file: file), on: evaluation.examples).report
            stored.metadata.evaluationFile = URL(fileURLWithPath: test).lastPathComponent
        }
        try ModelStorage.write(stored, to: out)
        let table = try selection.flatMap { try writeSelectionTable($0) }
        progress.finish()
        try printSummary(stored, training: training, selection: selection, table: table)
    }

    /// The grid of a hashed kind: with --cv the default grid (limited to
    /// --model and --c when given), else the one setting the flags describe.
    var grid: [GridPoint] {
        let weights = data.map(\.weight)
        let blocks = Array((settings.blocks ?? []).indices)
        guard cv != nil else { return [GridPoint(kind: kind, c: settings.c, blocks: blocks, sourceWeights: weights)] }
        var points = GridPoint.defaultGrid(blockCount: blocks.count, sourceWeights: weights)
        if let model { points = points.filter { $0.kind == model } }
        if let c {
            points = points.map { GridPoint(kind: $0.kind, c: c, blocks: $0.blocks, sourceWeights: $0.sourceWeights) }
            points = points.enumerated().filter { points.firstIndex(of: $0.element) == $0.offset }.map(\.element)
        }
        return points
    }

    /// Writes the cross-validation table next to the model (`<out>.cv.md`) and returns it.
    private func writeSelectionTable(_ outcome: HashedTrainer.Outcome) throws -> String? {
        guard !outcome.results.isEmpty, let blocks = settings.blocks else { return nil }
        let table = CrossValidationReport.markdown(outcome.results, winner: outcome.winner, blocks: blocks, folds: outcome.results[0].foldAccuracies.count)
        try ReportWriter.save(table, to: out + ".cv.md")
        return table
    }

    /// The settings: the kind's recommended ones, overridden by any flag given.
    var settings: Hyperparameters {
        var settings = RecommendedSettings.for(kind)
        if let tokenizer { settings.tokenizer = tokenizer.options }
        if let stopWords { settings.stopWords = stopWords }
        if let ngramMax { settings.ngramMax = ngramMax }
        if let minDf { settings.minDF = minDf }
        if let sublinearTf { settings.tfidf.sublinearTF = sublinearTf }
        if let alpha { settings.alpha = alpha }
        if let c { settings.c = c }
        if let beta { settings.beta = beta }
        if let blocks = settings.blocks {
            let sizes = [FeatureBlock.Analyzer.word: wordBuckets, .charWB: charBuckets]
            settings.blocks = blocks.compactMap { block in
                guard let size = sizes[block.analyzer] ?? nil else { return block }
                var resized = block
                resized.buckets = size
                return size > 0 ? resized : nil
            }
        }
        return settings
    }

    private func printSummary(_ file: ModelFile, training: LabeledDataset, selection: HashedTrainer.Outcome?, table: String?) throws {
        let meta = file.metadata
        let accuracy = meta.evaluation?.accuracy
        let blocks = file.hyperparameters.blocks ?? []
        if json {
            let summary = TrainingSummary(
                rowsUsed: meta.training.rows, rowsSkipped: meta.training.skippedRows, positives: meta.training.positives,
                vocabularySize: file.vocabulary.count, trainSeconds: meta.training.seconds,
                testAccuracy: accuracy, modelKind: file.kind.rawValue, out: out,
                crossValidation: selection.map { outcome in
                    outcome.results.map { TrainingSummary.GridResult($0, blocks: settings.blocks ?? blocks) }
                }
            )
            print(String(decoding: try JSONEncoder.stable.encode(summary), as: UTF8.self))
            return
        }
        print("rows used:        \(meta.training.rows) (skipped \(training.skippedWithoutText) without text, \(training.skippedWithoutLabel) without label, \(training.skippedRagged) ragged)")
        let share = Fixed.format(100 * Double(meta.training.positives) / Double(meta.training.rows), digits: 1)
        print("label balance:    \(meta.training.positives) American (\(share)%), \(meta.training.rows - meta.training.positives) other")
        if blocks.isEmpty {
            print("vocabulary size:  \(file.vocabulary.count)")
        } else {
            print("feature buckets:  \(blocks.map { "\($0.analyzer.rawValue) \($0.ngramMin)-\($0.ngramMax): \($0.buckets)" }.joined(separator: ", "))")
        }
        if let table {
            print(table)
            print("table written to \(out).cv.md")
        }
        print("training time:    \(Fixed.format(meta.training.seconds, digits: 3)) s")
        if let accuracy, let name = meta.evaluationFile {
            print("test accuracy:    \(Fixed.format(accuracy, digits: 4)) on \(name)")
        }
        print("model written to \(out)")
    }
}
