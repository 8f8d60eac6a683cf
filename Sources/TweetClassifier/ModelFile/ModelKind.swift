/// The classifiers this code can train and serve; the raw value is the name
/// used on the command line and in model files.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    /// Multinomial Naive Bayes (the course's model).
    case naiveBayes = "nb"
    /// L2-regularised logistic regression by L-BFGS on a vocabulary.
    case logisticRegression = "logreg"
    /// L2-loss linear SVM by dual coordinate descent on hashed word and character n-grams.
    case linearSVM = "svm"
    /// L2-regularised logistic regression by dual coordinate descent on hashed n-grams.
    case dualLogisticRegression = "logreg-dual"
    /// NB-SVM (Wang & Manning 2012): an L2-loss linear SVM on binarised hashed
    /// n-grams scaled by their Naive Bayes log-count ratio.
    case nbSVM = "nbsvm"

    /// Whether the kind reads its features through a stored vocabulary (the
    /// others hash n-grams into the buckets of `Hyperparameters.blocks`).
    public var usesVocabulary: Bool {
        switch self {
        case .naiveBayes, .logisticRegression: true
        case .linearSVM, .dualLogisticRegression, .nbSVM: false
        }
    }

    /// The loss of a dual coordinate descent kind, nil for the others.
    public var dualLoss: LinearLoss? {
        switch self {
        case .naiveBayes, .logisticRegression: nil
        case .linearSVM, .nbSVM: .squaredHinge
        case .dualLogisticRegression: .logistic
        }
    }
}
