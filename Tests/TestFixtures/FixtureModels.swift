import Foundation
import TweetClassifier

/// The models trained on `FixtureCorpus`, shared by the test targets so that
/// all of them test the same model, written to temporary files that are
/// removed when the test process exits.
public enum FixtureModels {
    /// The default model date: 2025-11-24T16:00:00Z.
    public static let date = Date(timeIntervalSince1970: 1_764_000_000)

    /// A model of `kind` trained on the corpus, dated `date` (so two models can be told apart).
    public static func model(kind: ModelKind, date: Date = date) throws -> ModelFile {
        try Trainer.train(
            FixtureCorpus.training, kind: kind, settings: RecommendedSettings.for(kind),
            provenance: .init(files: [.init(name: "fixture.csv", sha256: String(repeating: "a", count: 64))], skippedRows: 0, date: date)
        )
    }

    /// A small hashed SVM trained with 2-fold cross-validation on
    /// `FixtureCorpus.synthetic`, so that it carries a drift reference
    /// (`metadata.drift_reference`) in which nearly every word is known.
    public static func crossValidated() throws -> ModelFile {
        var settings = RecommendedSettings.for(.linearSVM)
        settings.blocks = [
            FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 2, minDF: 2, buckets: 1 << 12),
            FeatureBlock(analyzer: .charWB, ngramMin: 2, ngramMax: 5, minDF: 2, buckets: 1 << 12),
        ]
        let examples = FixtureCorpus.synthetic(0..<200)
        return try HashedTrainer.train(
            examples, sources: [Int](repeating: 0, count: examples.count),
            grid: [GridPoint(kind: .linearSVM, c: 1, blocks: [0, 1], sourceWeights: [1])], folds: 2, settings: settings,
            provenance: .init(files: [.init(name: "fixture.csv", sha256: String(repeating: "a", count: 64))], skippedRows: 0, date: date)
        ).file
    }

    /// A fresh folder inside this process's temporary root (removed at exit).
    public static func temporaryFolder() throws -> URL {
        let url = TemporaryRoot.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `file` (default: a logistic regression) to a new temporary path and returns it.
    public static func path(for file: ModelFile? = nil) throws -> String {
        let path = try temporaryFolder().appendingPathComponent("american.model.json").path
        try ModelStorage.write(file ?? model(kind: .logisticRegression), to: path)
        return path
    }

    /// Writes a model of `kind` dated `date` to a new temporary path and returns it.
    public static func path(kind: ModelKind, date: Date = date) throws -> String {
        try path(for: model(kind: kind, date: date))
    }

    /// Replaces the model at `path` with one of `kind` dated `date` (a new model release).
    public static func write(to path: String, kind: ModelKind, date: Date) throws {
        try ModelStorage.write(model(kind: kind, date: date), to: path)
    }
}
