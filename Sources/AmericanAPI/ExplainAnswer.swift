import TweetClassifier

/// The answer of `POST /api/american/explain`: the verdict, how sure the
/// model is, and the terms that pushed it (strongest first).
public struct ExplainAnswer: Codable, Sendable, Equatable {
    /// One term's share of the verdict: positive pushes toward "American".
    public struct Term: Codable, Sendable, Equatable {
        /// The term as the model knows it.
        public var token: String
        /// Its signed contribution to the decision function.
        public var contribution: Double

        /// Creates a term.
        public init(token: String, contribution: Double) {
            self.token = token
            self.contribution = contribution
        }
    }

    /// The verdict.
    public var isAmerican: Label
    /// The probability that the author is American.
    public var probability: Double
    /// The strongest terms.
    public var tokens: [Term]
    /// The code version that answered.
    public var version: String
    /// When the answering model was trained (ISO-8601).
    public var modelDate: String
    /// The model kind (`nb`, `logreg`).
    public var modelKind: String

    /// Creates an answer.
    public init(isAmerican: Label, probability: Double, tokens: [Term], version: String, modelDate: String, modelKind: String) {
        self.isAmerican = isAmerican
        self.probability = probability
        self.tokens = tokens
        self.version = version
        self.modelDate = modelDate
        self.modelKind = modelKind
    }

    enum CodingKeys: String, CodingKey {
        case probability, tokens, version
        case isAmerican = "is_american"
        case modelDate = "model_date"
        case modelKind = "model_kind"
    }
}
