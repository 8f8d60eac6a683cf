/// The loss a dual coordinate descent model minimises, with the L2 penalty
/// `½‖w‖²` and per-row cost `C·weight`.
public enum LinearLoss: String, Codable, Sendable {
    /// Squared hinge `max(0, 1 - y·f)²`: the L2-loss linear SVM (scikit-learn's `LinearSVC`).
    case squaredHinge = "squared_hinge"
    /// Log-loss `log(1 + e^(-y·f))`: logistic regression (`LogisticRegression(solver="liblinear")`).
    case logistic
}
