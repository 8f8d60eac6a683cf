/// The JSON that `train --json` prints, for scripts such as the parity benchmark.
struct TrainingSummary: Encodable {
    let rowsUsed: Int
    let rowsSkipped: Int
    let positives: Int
    let vocabularySize: Int
    let trainSeconds: Double
    let testAccuracy: Double?
    let modelKind: String
    let out: String

    enum CodingKeys: String, CodingKey {
        case positives, out
        case rowsUsed = "rows_used"
        case rowsSkipped = "rows_skipped"
        case vocabularySize = "vocabulary_size"
        case trainSeconds = "train_seconds"
        case testAccuracy = "test_accuracy"
        case modelKind = "model_kind"
    }
}
