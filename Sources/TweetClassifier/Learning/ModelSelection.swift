/// Cross-validated choice of a hashed model's learner, C, blocks and source
/// weights, on training data only.
///
/// Every (grid point, fold) fit is an independent job; the jobs run on all
/// cores and their results are gathered in grid order, so the table and the
/// winner never depend on scheduling. Each fold weighs the rows with its own
/// vectorizer, fitted on its training rows (`HashedTrainingSet.refitted(on:)`),
/// so that held-out rows take no part in the idf or the vocabulary. Accuracy
/// is measured on the held-out rows of the reference source (the first
/// `--data` file: the course's own tweets, labelled like the test set) while
/// every source is trained on, so that down-weighting a noisier source is
/// judged on the data that matters.
public enum ModelSelection {
    /// The cross-validation of every point of `grid` over `folds`.
    public static func crossValidate(
        _ set: HashedTrainingSet, grid: [GridPoint], folds: StratifiedFolds, referenceSource: Int = 0
    ) -> CrossValidation {
        let blockSets = Array(Set(grid.map(\.blocks))).sorted { $0.lexicographicallyPrecedes($1) }
        let rowCount = set.labels.count
        let trainingRows = folds.heldOut.indices.map { folds.training($0, rowCount: rowCount) }
        // Each fold's idf and min-df pruning from its training rows only, as a test tweet meets the final model's.
        let foldSets = trainingRows.map { set.refitted(on: $0) }
        let matrices = foldSets.map { fold in Dictionary(uniqueKeysWithValues: blockSets.map { ($0, fold.matrix(keeping: $0)) }) }
        let jobs = grid.indices.flatMap { point in folds.heldOut.indices.map { (point, $0) } }
        let decisions = ParallelMap.mapEach(jobs) { point, fold in
            let fitted = FittedPoint(grid[point], set: foldSets[fold], matrix: matrices[fold][grid[point].blocks]!, rows: trainingRows[fold])
            return folds.heldOut[fold].map { fitted.decision(row: $0) }
        }
        let results = grid.indices.map { point in
            var outOfFold = [Double](repeating: 0, count: rowCount)
            var accuracies: [Double] = []
            for fold in folds.heldOut.indices {
                let values = decisions[point * folds.heldOut.count + fold]
                var (right, scored) = (0, 0)
                for (row, value) in zip(folds.heldOut[fold], values) {
                    outOfFold[row] = value
                    guard set.sources[row] == referenceSource else { continue }
                    scored += 1
                    if (value > 0) == (set.labels[row] == .american) { right += 1 }
                }
                accuracies.append(Double(right) / Double(max(1, scored)))
            }
            return CrossValidationResult(point: grid[point], foldAccuracies: accuracies, outOfFoldDecisions: outOfFold)
        }
        return CrossValidation(results: results, foldVectorizers: foldSets.map(\.vectorizer))
    }

    /// The best result: highest mean accuracy, the earlier grid point on a tie.
    public static func winner(_ results: [CrossValidationResult]) -> CrossValidationResult? {
        results.reduce(nil) { best, result in
            guard let best else { return result }
            return result.meanAccuracy > best.meanAccuracy ? result : best
        }
    }
}
