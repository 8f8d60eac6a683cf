#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Trains the hashed-feature kinds: analyse (again for each fold, whose rows decide the kept n-grams), cross-validate a grid,
/// calibrate the winner on its out-of-fold decision values, fit it on every
/// training row. Pure, like `Trainer`: the caller reads the files.
public enum HashedTrainer {
    /// What training produced: the model file and, when it cross-validated, every grid point's result.
    public struct Outcome: Sendable {
        public let file: ModelFile
        /// The grid's results in grid order (empty without cross-validation).
        public let results: [CrossValidationResult]
        /// The setting the file was trained with.
        public let winner: GridPoint
    }

    /// Trains on `examples`, row i coming from training source `sources[i]`
    /// (an index into `provenance.files`).
    ///
    /// With `folds` ≥ 2, every point of `grid` is cross-validated and the best
    /// one wins, and Platt scaling is fitted on the winner's out-of-fold
    /// decision values of the reference source (the first file); with fewer,
    /// the first point is trained as it is and its probabilities are the
    /// uncalibrated sigmoid of its decision values.
    public static func train(
        _ examples: [LabeledTweet], sources: [Int], grid: [GridPoint], folds: Int, settings: Hyperparameters,
        provenance: Trainer.Provenance, progress: (String) -> Void = { _ in }
    ) throws(Trainer.TrainingError) -> Outcome {
        let started = ContinuousClock.now
        let labels = examples.map(\.label)
        let positives = labels.count { $0 == .american }
        guard positives > 0, positives < labels.count else {
            throw .needsBothClasses(positives: positives, negatives: labels.count - positives)
        }
        let blocks = settings.blocks ?? [.words, .characters]
        progress("analysing text")
        let set = HashedTrainingSet(examples: examples, sources: sources, settings: settings, blocks: blocks)
        var results: [CrossValidationResult] = []
        var winner = grid[0]
        var calibration = PlattCalibration.identity
        var drift: DriftReference?
        if folds >= 2 {
            progress("cross-validating \(grid.count) settings × \(folds) folds")
            let split = StratifiedFolds(strata: zip(sources, labels).map { $0 * 2 + $1.rawValue }, k: folds)
            let validation = ModelSelection.crossValidate(set, grid: grid, folds: split)
            results = validation.results
            let best = ModelSelection.winner(results)!
            winner = best.point
            let reference = sources.indices.filter { sources[$0] == 0 }
            let fitted = PlattCalibration.fit(
                decisions: reference.map { best.outOfFoldDecisions[$0] }, labels: reference.map { labels[$0] },
                weights: [Double](repeating: 1, count: reference.count)
            )
            // A slope that is not positive means the out-of-fold scores carry no signal (a toy data set): keep the identity.
            calibration = fitted.a > 0 ? fitted : .identity
            drift = driftReference(set, best: best, calibration: calibration, folds: split, vectorizers: validation.foldVectorizers, rows: reference)
        }
        progress("fitting \(winner.kind.rawValue) on every row")
        let fitted = FittedPoint(winner, set: set, matrix: set.matrix(keeping: winner.blocks), rows: Array(labels.indices))
        let vectorizer = set.vectorizer.keeping(blocks: winner.blocks)
        let (solution, weights) = (fitted.solution, Quantized<Int16>(fitted.solution.weights.map { Float($0) }))
        let model: LinearModel = switch fitted {
        case .tfidf:
            LinearModel.hashed(
                HashedLinearModel(c: winner.c, weights: weights, bias: solution.bias, columnWeights: vectorizer.quantizedIDF, calibration: calibration),
                kind: winner.kind
            )!
        case let .nbSVM(fit):
            .nbSVM(NBSVMModel(c: winner.c, weights: weights, bias: solution.bias, columnWeights: fit.ratios, calibration: calibration))
        }
        var chosen = settings
        chosen.blocks = vectorizer.analyzer.blocks
        chosen.c = winner.c
        chosen.beta = winner.kind == .nbSVM ? settings.beta ?? 1 : nil
        var files = provenance.files
        for index in files.indices where index < winner.sourceWeights.count {
            files[index].weight = winner.sourceWeights[index]
        }
        var file = ModelFile(
            model: model, hyperparameters: chosen, vocabulary: [], idf: [],
            metadata: ModelMetadata(
                modelDate: ISO8601Date.format(provenance.date), codeVersion: CodeVersion.release,
                training: .init(files: files, rows: examples.count, skippedRows: provenance.skippedRows, positives: positives, seconds: 0),
                driftReference: drift
            )
        )
        file.metadata.training.seconds = (ContinuousClock.now - started) / .seconds(1)
        return Outcome(file: file, results: results, winner: winner)
    }

    /// The winner's out-of-fold calibrated probabilities and unknown-word
    /// rates on the reference source's rows (the course's own tweets, which
    /// live traffic should resemble).
    private static func driftReference(
        _ set: HashedTrainingSet, best: CrossValidationResult, calibration: PlattCalibration, folds: StratifiedFolds,
        vectorizers: [HashedVectorizer], rows: [Int]
    ) -> DriftReference {
        var unknown: [Double]?
        if let block = set.vectorizer.analyzer.unigramBlock, best.point.blocks.contains(block) {
            let rates = OutOfFoldUnknownWords.rates(set.tokens, folds: folds, vectorizers: vectorizers, rows: rows)
            unknown = rates.isEmpty ? nil : rates
        }
        return DriftReference(probabilities: rows.map { calibration.probability(best.outOfFoldDecisions[$0]) }, unknownShares: unknown)
    }
}
