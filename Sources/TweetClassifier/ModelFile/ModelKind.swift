/// The classifiers this code can train and serve; the raw value is the name
/// used on the command line and in model files.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    /// Multinomial Naive Bayes (the course's model).
    case naiveBayes = "nb"
    /// L2-regularised logistic regression.
    case logisticRegression = "logreg"
}

/// Which stop-word list a model removes before counting words.
public enum StopWordList: String, Codable, Sendable, CaseIterable {
    /// scikit-learn's 318 English stop words.
    case english
    /// Keep every word.
    case none

    /// The words to drop.
    public var words: Set<String> {
        switch self {
        case .english: StopWords.english
        case .none: []
        }
    }
}
