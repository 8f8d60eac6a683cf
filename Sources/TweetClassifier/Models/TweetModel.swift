import Foundation

/// A verdict on one tweet.
public struct Prediction: Sendable, Equatable {
    /// The verdict: `probability` above one half is American.
    public let label: Label
    /// The probability that the author is American.
    public let probability: Double
}

/// One term's share of a verdict: positive pushes toward "American".
public struct TermContribution: Sendable, Equatable {
    public let term: String
    public let contribution: Double
}

/// A ready-to-serve model: the file's settings turned into an analyzer, a
/// vectorizer and a linear scorer, built once at load time so that each
/// prediction is tokenise → look up → one dot product.
public struct TweetModel: Sendable {
    /// The validated file this model was built from (metadata included).
    public let file: ModelFile
    private let analyzer: TextAnalyzer
    private let vectorizer: TfidfVectorizer
    private let scorer: LinearScorer

    /// Builds a model from a file, validating it first.
    public init(file: ModelFile) throws(ModelFileError) {
        let vocabulary = try file.validate()
        self.file = file
        self.analyzer = Self.servingAnalyzer(file.hyperparameters)
        self.vectorizer = TfidfVectorizer(vocabulary: vocabulary, idf: file.idf, options: file.hyperparameters.tfidf)
        self.scorer = file.model.scorer
    }

    /// Builds a model from the bytes of a model file, validating it once (the server's loading path).
    public init(modelData: Data) throws(ModelFileError) {
        try self.init(file: ModelFile.parse(modelData))
    }

    /// The analyzer used at prediction time. With single words only, stop words
    /// need no filtering here: training kept them out of the vocabulary, so the
    /// vectorizer ignores them anyway, and skipping the set look-up saves a hash
    /// per token. With n-grams they must go first, as they shape the n-grams.
    static func servingAnalyzer(_ settings: Hyperparameters) -> TextAnalyzer {
        var settings = settings
        if settings.ngramMax == 1 { settings.stopWords = .none }
        return settings.analyzer
    }

    /// The verdict on `text` (an empty or unknown-word text gets the prior).
    public func predict(_ text: String) -> Prediction {
        let probability = scorer.probability(vectorizer.transform(analyzer.terms(of: text)))
        return Prediction(label: Label(probability: probability), probability: probability)
    }

    /// The verdict with the terms that made it, strongest first.
    public func explain(_ text: String) -> (prediction: Prediction, contributions: [TermContribution]) {
        let features = vectorizer.transform(analyzer.terms(of: text))
        let probability = scorer.probability(features)
        let contributions = scorer.contributions(features)
            .map { TermContribution(term: vectorizer.vocabulary.terms[Int($0.column)], contribution: $0.value) }
            .sorted { abs($0.contribution) > abs($1.contribution) }
        return (Prediction(label: Label(probability: probability), probability: probability), contributions)
    }
}
