#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ready-to-serve model: the file's settings turned into an analyzer and
/// a scorer, built once at load time so that a prediction only reads the
/// tweet and the stored weights (see `FeatureExtractor`).
public struct TweetModel: Sendable {
    /// The validated file this model was built from (metadata included).
    public let file: ModelFile
    private let extractor: FeatureExtractor

    /// Builds a model from a file, validating it first.
    public init(file: ModelFile) throws(ModelFileError) {
        let vocabulary = try file.validate()
        self.file = file
        let settings = file.hyperparameters
        // Validation guarantees the hashed kinds their blocks.
        let analyzer = { settings.hashedAnalyzer(blocks: settings.blocks ?? []) }
        let vocabularyKind = { (scorer: LinearScorer) in
            FeatureExtractor.vocabulary(settings.analyzer, TfidfVectorizer(vocabulary: vocabulary, idf: file.idf, options: settings.tfidf), scorer)
        }
        switch file.model {
        case let .linearSVM(parameters), let .dualLogisticRegression(parameters):
            self.extractor = .hashed(HashedScorer(analyzer: analyzer(), tfidf: parameters, options: settings.tfidf))
        case let .nbSVM(parameters):
            self.extractor = .hashed(HashedScorer(analyzer: analyzer(), nbSVM: parameters))
        case let .naiveBayes(model):
            self.extractor = vocabularyKind(model.scorer)
        case let .logisticRegression(model):
            self.extractor = vocabularyKind(model.scorer)
        }
    }

    /// Builds a model from the bytes of a model file, validating it once (the server's loading path).
    public init(modelData: Data) throws(ModelFileError) {
        try self.init(file: ModelFile.parse(modelData))
    }

    /// The verdict on `text` (an empty or unknown-word text gets the prior).
    /// For the hashed kinds the probability is the calibrated one.
    public func predict(_ text: String) -> Prediction {
        Prediction(logit: extractor.logit(text))
    }

    /// The verdict on `text` and what the model could read of it (its tokens
    /// and unknown words): the server's path, which watches the inputs too.
    public func assess(_ text: String) -> Assessment {
        let (logit, input) = extractor.assess(text)
        return Assessment(prediction: Prediction(logit: logit), input: input)
    }

    /// The verdict with what made it, strongest first: vocabulary terms for
    /// the vocabulary kinds, the tweet's words for the hashed kinds.
    public func explain(_ text: String) -> (assessment: Assessment, contributions: [TermContribution]) {
        let (logit, input, contributions) = extractor.explain(text)
        return (Assessment(prediction: Prediction(logit: logit), input: input), contributions)
    }
}
