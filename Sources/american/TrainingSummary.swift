import TweetClassifier

/// The JSON that `train --json` prints, for scripts such as the parity benchmark.
struct TrainingSummary: Encodable {
    /// One grid point of `--cv`.
    struct GridResult: Encodable {
        let setting: String
        let meanAccuracy: Double
        let standardDeviation: Double
        let foldAccuracies: [Double]

        init(_ result: CrossValidationResult, blocks: [FeatureBlock]) {
            setting = result.point.label(blocks: blocks)
            meanAccuracy = result.meanAccuracy
            standardDeviation = result.standardDeviation
            foldAccuracies = result.foldAccuracies
        }

        enum CodingKeys: String, CodingKey {
            case setting
            case meanAccuracy = "mean_accuracy"
            case standardDeviation = "std"
            case foldAccuracies = "fold_accuracies"
        }
    }

    let rowsUsed: Int
    let rowsSkipped: Int
    let positives: Int
    let vocabularySize: Int
    let trainSeconds: Double
    let testAccuracy: Double?
    let modelKind: String
    let out: String
    /// Every grid point's cross-validation, when the model was chosen or calibrated by it.
    let crossValidation: [GridResult]?

    enum CodingKeys: String, CodingKey {
        case positives, out
        case rowsUsed = "rows_used"
        case rowsSkipped = "rows_skipped"
        case vocabularySize = "vocabulary_size"
        case trainSeconds = "train_seconds"
        case testAccuracy = "test_accuracy"
        case modelKind = "model_kind"
        case crossValidation = "cross_validation"
    }
}
