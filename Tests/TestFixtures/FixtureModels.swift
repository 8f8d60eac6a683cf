import Foundation
import TweetClassifier

/// A tiny labelled corpus and the models trained on it, shared by the
/// service and client test targets so that both test the same model.
public enum FixtureModels {
    /// Ten tweets, five American, whose words make the verdicts easy to predict.
    public static let tweets: [LabeledTweet] = [
        ("Stuck at home in New York #StayHome", 1), ("Governor Cuomo briefing in Albany", 1),
        ("Texas schools closed y'all", 1), ("Chicago Cubs season delayed", 1), ("Los Angeles hospitals ready", 1),
        ("Lockdown in London, the NHS needs us", 0), ("Boris Johnson update from Downing Street", 0),
        ("Stay safe Toronto #COVID19", 0), ("Mumbai streets empty during curfew", 0), ("Sydney beaches closed", 0),
    ].map { LabeledTweet(text: $0.0, label: $0.1) }

    /// The default model date: 2025-11-24T16:00:00Z.
    public static let date = Date(timeIntervalSince1970: 1_764_000_000)

    /// A model of `kind` trained on `tweets`, dated `date` (so two models can be told apart).
    public static func model(kind: ModelKind, date: Date = date) throws -> ModelFile {
        try Trainer.train(
            tweets, kind: kind, settings: RecommendedSettings.for(kind),
            provenance: .init(files: [.init(name: "fixture.csv", sha256: String(repeating: "a", count: 64))], skippedRows: 0, date: date)
        )
    }

    /// A fresh temporary folder.
    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("american-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `file` (default: a logistic regression) to a new temporary path and returns it.
    public static func path(for file: ModelFile? = nil) throws -> String {
        let path = try temporaryFolder().appendingPathComponent("american.model.json").path
        try ModelStorage.write(file ?? model(kind: .logisticRegression), to: path)
        return path
    }
}
