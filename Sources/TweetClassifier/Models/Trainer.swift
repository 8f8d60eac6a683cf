import Foundation

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
    public static func train(
        _ examples: [LabeledTweet], kind: ModelKind, settings: Hyperparameters, provenance: Provenance,
        progress: (String) -> Void = { _ in }
    ) throws(TrainingError) -> ModelFile {
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
        }
        var file = ModelFile(
            model: model, hyperparameters: settings, vocabulary: vectorizer.vocabulary.terms, idf: vectorizer.idf,
            metadata: ModelMetadata(
                modelDate: iso8601(provenance.date), codeVersion: CodeVersion.release,
                training: .init(
                    files: provenance.files, rows: examples.count,
                    skippedRows: provenance.skippedRows, positives: positives, seconds: 0
                )
            )
        )
        file.metadata.training.seconds = (ContinuousClock.now - started) / .seconds(1)
        return file
    }

    /// Evaluates a model on labelled tweets: the figures, and the ROC curve they were read from (for the report's figure).
    public static func evaluate(_ model: TweetModel, on examples: [LabeledTweet]) -> (report: ClassificationReport, roc: ROCCurve) {
        let labels = examples.map(\.label)
        let probabilities = examples.map { model.predict($0.text).probability }
        let roc = ROCCurve(labels: labels, scores: probabilities)
        return (ClassificationReport(labels: labels, probabilities: probabilities, roc: roc), roc)
    }

    /// ISO-8601 in UTC to the second, the form the API reports.
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
