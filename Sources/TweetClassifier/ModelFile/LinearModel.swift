/// The fitted parameters of a model file, one case per model kind.
///
/// Holding the parameters in the case itself means a file can never claim
/// one kind while carrying another kind's weights (or none), so nothing has
/// to re-check that pairing or force-unwrap at run time.
public enum LinearModel: Sendable, Equatable {
    /// Multinomial Naive Bayes.
    case naiveBayes(NaiveBayes)
    /// L2-regularised logistic regression (L-BFGS, vocabulary features).
    case logisticRegression(LogisticRegression)
    /// L2-loss linear SVM (dual coordinate descent, hashed features).
    case linearSVM(HashedLinearModel)
    /// L2-regularised logistic regression (dual coordinate descent, hashed features).
    case dualLogisticRegression(HashedLinearModel)
    /// NB-SVM (dual coordinate descent on log-count-ratio scaled hashed features).
    case nbSVM(NBSVMModel)

    /// The kind, as written in the file's `kind` field.
    public var kind: ModelKind {
        switch self {
        case .naiveBayes: .naiveBayes
        case .logisticRegression: .logisticRegression
        case .linearSVM: .linearSVM
        case .dualLogisticRegression: .dualLogisticRegression
        case .nbSVM: .nbSVM
        }
    }

    /// The Platt scaling of a hashed kind, nil for the vocabulary kinds (their probabilities are the model's own).
    public var calibration: PlattCalibration? {
        switch self {
        case .naiveBayes, .logisticRegression: nil
        case let .linearSVM(model), let .dualLogisticRegression(model): model.calibration
        case let .nbSVM(model): model.calibration
        }
    }

    /// Wraps TF-IDF hashed-feature parameters in the case of `kind` (nil for a vocabulary kind or NB-SVM).
    public static func hashed(_ model: HashedLinearModel, kind: ModelKind) -> LinearModel? {
        switch kind {
        case .naiveBayes, .logisticRegression, .nbSVM: nil
        case .linearSVM: .linearSVM(model)
        case .dualLogisticRegression: .dualLogisticRegression(model)
        }
    }
}
