#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ready-to-serve model: the file's settings turned into an analyzer and
/// a scorer, built once at load time so that each prediction is tokenise →
/// look up → one dot product.
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
        switch file.model {
        case let .linearSVM(parameters), let .dualLogisticRegression(parameters):
            let weighing = HashedScorer.Weighing.tfidf(settings.tfidf, idfScale: parameters.idf.scale)
            self.extractor = .hashed(HashedScorer(analyzer: analyzer(), parameters: parameters, weighing: weighing))
        case let .nbSVM(parameters):
            let weighing = HashedScorer.Weighing.logCountRatio(scale: parameters.ratios.scale)
            self.extractor = .hashed(HashedScorer(analyzer: analyzer(), parameters: parameters, weighing: weighing))
        case .naiveBayes, .logisticRegression:
            let vectorizer = TfidfVectorizer(vocabulary: vocabulary, idf: file.idf, options: settings.tfidf)
            self.extractor = .vocabulary(settings.analyzer, vectorizer, file.model.scorer)
        }
    }

    /// Builds a model from the bytes of a model file, validating it once (the server's loading path).
    public init(modelData: Data) throws(ModelFileError) {
        try self.init(file: ModelFile.parse(modelData))
    }

    /// The verdict on `text` (an empty or unknown-word text gets the prior).
    /// For the hashed kinds the probability is the calibrated one.
    public func predict(_ text: String) -> Prediction {
        let probability = LinearScorer.sigmoid(extractor.logit(text))
        return Prediction(label: Label(probability: probability), probability: probability)
    }

    /// The verdict on `text` and what the model could read of it (its tokens
    /// and unknown words): the server's path, which watches the inputs too.
    public func assess(_ text: String) -> Assessment {
        let (logit, input) = extractor.assess(text)
        let probability = LinearScorer.sigmoid(logit)
        return Assessment(prediction: Prediction(label: Label(probability: probability), probability: probability), input: input)
    }

    /// The verdict with what made it, strongest first: vocabulary terms for
    /// the vocabulary kinds, the tweet's words for the hashed kinds.
    public func explain(_ text: String) -> (assessment: Assessment, contributions: [TermContribution]) {
        let (logit, input, contributions) = extractor.explain(text)
        let probability = LinearScorer.sigmoid(logit)
        let prediction = Prediction(label: Label(probability: probability), probability: probability)
        return (Assessment(prediction: prediction, input: input), contributions)
    }
}
