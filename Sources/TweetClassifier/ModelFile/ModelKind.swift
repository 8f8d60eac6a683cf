/// The classifiers this code can train and serve; the raw value is the name
/// used on the command line and in model files.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    /// Multinomial Naive Bayes (the course's model).
    case naiveBayes = "nb"
    /// L2-regularised logistic regression.
    case logisticRegression = "logreg"
}

