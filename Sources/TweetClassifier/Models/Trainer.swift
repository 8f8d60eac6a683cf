#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Fits a model on labelled tweets and packs it, with its provenance, into a
/// `ModelFile`. Pure: the caller reads files and measures nothing here but
/// the fit itself, so training is testable on in-memory examples.
public enum Trainer {
    /// Where the training data came from, for the model's metadata.
    public struct Provenance: Sendable {
        public var files: [ModelMetadata.DataFile]
        public var skippedRows: Int
        public var date: Date

        /// Creates a provenance record.
        public init(files: [ModelMetadata.DataFile], skippedRows: Int, date: Date) {
            self.files = files
            self.skippedRows = skippedRows
            self.date = date
        }
    }

    /// Why training could not start.
    public enum TrainingError: Error, Equatable, CustomStringConvertible {
        case needsBothClasses(positives: Int, negatives: Int)
        case emptyVocabulary

        public var description: String {
            switch self {
            case let .needsBothClasses(positives, negatives):
                "training needs both American and non-American tweets (got \(positives) and \(negatives))"
            case .emptyVocabulary:
                "no term is left to learn from: lower --min-df or check the text column"
            }
        }
    }

    /// Fits a `kind` model with `settings`; `progress` hears each stage's name.
    /// A hashed kind is trained with `settings.c` on all its blocks and, when
    /// each class has at least five rows, calibrated by 5-fold cross-validation
    /// (`HashedTrainer` does grids and weighted sources).
    public static func train(
        _ examples: [LabeledTweet], kind: ModelKind, settings: Hyperparameters, provenance: Provenance,
        progress: (String) -> Void = { _ in }
    ) throws(TrainingError) -> ModelFile {
        if !kind.usesVocabulary {
            let blocks = settings.blocks ?? RecommendedSettings.for(kind).blocks ?? []
            var settings = settings
            settings.blocks = blocks
            let smallerClass = min(examples.count { $0.label == .american }, examples.count { $0.label == .notAmerican })
            let point = GridPoint(kind: kind, c: settings.c, blocks: Array(blocks.indices), sourceWeights: [1])
            return try HashedTrainer.train(
                examples, sources: [Int](repeating: 0, count: examples.count), grid: [point], folds: smallerClass >= 5 ? 5 : 0,
                settings: settings, provenance: provenance, progress: progress
            ).file
        }
        let started = ContinuousClock.now
        let labels = examples.map(\.label)
        let positives = labels.count { $0 == .american }
        guard positives > 0, positives < labels.count else {
            throw .needsBothClasses(positives: positives, negatives: labels.count - positives)
        }
        progress("analysing text")
        let analyzer = settings.analyzer
        let documents = ParallelMap.map(examples) { analyzer.terms(of: $0.text) }
        progress("building vocabulary")
        let (vectorizer, rows) = TfidfVectorizer.fitTransform(documents: documents, minDF: settings.minDF, options: settings.tfidf)
        guard vectorizer.vocabulary.count > 0 else { throw .emptyVocabulary }
        progress("fitting \(kind.rawValue)")
        let featureCount = vectorizer.vocabulary.count
        let model: LinearModel = switch kind {
        case .naiveBayes: .naiveBayes(NaiveBayes.fit(rows, labels: labels, featureCount: featureCount, alpha: settings.alpha))
        case .logisticRegression: .logisticRegression(LogisticRegression.fit(rows, labels: labels, featureCount: featureCount, c: settings.c))
        case .linearSVM, .dualLogisticRegression, .nbSVM: preconditionFailure("hashed kinds are trained by HashedTrainer")
        }
        var file = ModelFile(
            model: model, hyperparameters: settings, vocabulary: vectorizer.vocabulary.terms, idf: vectorizer.idf,
            metadata: ModelMetadata(
                modelDate: ISO8601Date.format(provenance.date), codeVersion: CodeVersion.release,
                training: .init(
                    files: provenance.files, rows: examples.count,
                    skippedRows: provenance.skippedRows, positives: positives, seconds: 0
                )
            )
        )
        file.metadata.training.seconds = (ContinuousClock.now - started) / .seconds(1)
        return file
    }

    /// Evaluates a model on labelled tweets: the figures, the ROC and reliability curves they were read from (for the report's figures),
    /// and the probabilities themselves (for what a caller derives from them, such as `CalibrationNoiseFloor`).
    public static func evaluate(
        _ model: TweetModel, on examples: [LabeledTweet]
    ) -> (report: ClassificationReport, roc: ROCCurve, reliability: ReliabilityCurve, probabilities: [Double]) {
        let labels = examples.map(\.label)
        let probabilities = examples.map { model.predict($0.text).probability }
        let roc = ROCCurve(labels: labels, scores: probabilities)
        return (ClassificationReport(labels: labels, probabilities: probabilities, roc: roc), roc,
                ReliabilityCurve(labels: labels, probabilities: probabilities), probabilities)
    }
}
