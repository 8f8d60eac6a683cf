/// A grid point fitted on some training rows, with the features of every
/// row of the training set as the fit sees them (so that held-out rows can be
/// scored the same way).
enum FittedPoint {
    /// An SVM or logistic regression on the set's TF-IDF rows.
    case tfidf(DualCoordinateDescent.Solution, FeatureMatrix)
    /// An NB-SVM, with its ratio-scaled rows.
    case nbSVM(NBSVMLearner.Fit)

    /// Fits `point` on the rows `rows` of `matrix` (the set's TF-IDF rows restricted to the point's blocks).
    init(_ point: GridPoint, set: HashedTrainingSet, matrix: FeatureMatrix, rows: [Int]) {
        let weights = set.sampleWeights(point.sourceWeights)
        switch point.kind {
        case .nbSVM:
            let learner = NBSVMLearner(c: point.c, beta: set.settings.beta ?? 1, alpha: set.settings.alpha)
            let blockSizes = point.blocks.map { set.vectorizer.analyzer.blocks[$0].buckets }
            self = .nbSVM(learner.fit(matrix, blockSizes: blockSizes, rows: rows, labels: set.labels, sampleWeights: weights))
        case .naiveBayes, .logisticRegression, .linearSVM, .dualLogisticRegression:
            let solver = DualCoordinateDescent(loss: point.kind.dualLoss ?? .squaredHinge, c: point.c)
            self = .tfidf(solver.fit(matrix, rows: rows, labels: set.labels, sampleWeights: weights), matrix)
        }
    }

    /// The weights and intercept.
    var solution: DualCoordinateDescent.Solution {
        switch self {
        case let .tfidf(solution, _): solution
        case let .nbSVM(fit): fit.solution
        }
    }

    /// The decision value of row `row` of the training set.
    func decision(row: Int) -> Double {
        switch self {
        case let .tfidf(solution, matrix): solution.decision(matrix, row: row)
        case let .nbSVM(fit): fit.solution.decision(fit.features, row: row)
        }
    }
}
