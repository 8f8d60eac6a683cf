/// The fitted parameters of a model file, one case per model kind.
///
/// Holding the parameters in the case itself means a file can never claim
/// one kind while carrying another kind's weights (or none), so nothing has
/// to re-check that pairing or force-unwrap at run time.
public enum LinearModel: Sendable, Equatable {
    /// Multinomial Naive Bayes.
    case naiveBayes(NaiveBayes)
    /// L2-regularised logistic regression.
    case logisticRegression(LogisticRegression)

    /// The kind, as written in the file's `kind` field.
    public var kind: ModelKind {
        switch self {
        case .naiveBayes: .naiveBayes
        case .logisticRegression: .logisticRegression
        }
    }

    /// The linear decision function of the parameters.
    public var scorer: LinearScorer {
        switch self {
        case let .naiveBayes(model): model.scorer
        case let .logisticRegression(model): model.scorer
        }
    }
}
