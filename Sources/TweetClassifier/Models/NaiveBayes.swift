#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// Multinomial Naive Bayes for two classes, as scikit-learn's `MultinomialNB`.
///
/// Fitting sums the feature values of each class, smooths them with `alpha`
/// (`log((count + alpha) / (total + alpha * features))`) and uses the class
/// frequencies as priors. It is the course's model and our parity baseline.
public struct NaiveBayes: Codable, Sendable, Equatable {
    /// Additive (Laplace/Lidstone) smoothing.
    public let alpha: Double
    /// `log P(class)` for classes 0 and 1.
    public let classLogPrior: [Double]
    /// `log P(feature | class)`: two rows (class 0, class 1) of one value per column.
    public let featureLogProb: [[Double]]

    /// Creates a model from stored parameters.
    public init(alpha: Double, classLogPrior: [Double], featureLogProb: [[Double]]) {
        self.alpha = alpha
        self.classLogPrior = classLogPrior
        self.featureLogProb = featureLogProb
    }

    /// Fits on feature vectors with their labels over `featureCount` columns.
    /// Both classes must be present (the trainer checks).
    public static func fit(_ rows: [SparseVector], labels: [Label], featureCount: Int, alpha: Double) -> NaiveBayes {
        var featureSums = [[Double]](repeating: [Double](repeating: 0, count: featureCount), count: 2)
        var classCounts = [0.0, 0.0]
        for (row, label) in zip(rows, labels) {
            classCounts[label.rawValue] += 1
            for (column, value) in zip(row.indices, row.values) {
                featureSums[label.rawValue][Int(column)] += value
            }
        }
        let featureLogProb = featureSums.map { sums in
            let denominator = log(sums.reduce(0, +) + alpha * Double(featureCount))
            return sums.map { log($0 + alpha) - denominator }
        }
        let total = classCounts.reduce(0, +)
        return NaiveBayes(alpha: alpha, classLogPrior: classCounts.map { log($0 / total) }, featureLogProb: featureLogProb)
    }

    /// The equivalent linear decision function (class 1 minus class 0).
    public var scorer: LinearScorer {
        LinearScorer(
            weights: zip(featureLogProb[1], featureLogProb[0]).map { $0 - $1 },
            bias: classLogPrior[1] - classLogPrior[0]
        )
    }

    enum CodingKeys: String, CodingKey {
        case alpha
        case classLogPrior = "class_log_prior"
        case featureLogProb = "feature_log_prob"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        alpha = try container.decode(Double.self, forKey: .alpha)
        classLogPrior = try container.decode([Double].self, forKey: .classLogPrior)
        var rows = try container.nestedUnkeyedContainer(forKey: .featureLogProb)
        var featureLogProb: [[Double]] = []
        while !rows.isAtEnd {
            let text = try rows.decode(String.self)
            guard let values = PackedNumbers.decode(text, as: Double.self) else {
                throw DecodingError.dataCorruptedError(in: rows, debugDescription: "not base64 of little-endian float64 values")
            }
            featureLogProb.append(values)
        }
        self.featureLogProb = featureLogProb
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alpha, forKey: .alpha)
        try container.encode(classLogPrior, forKey: .classLogPrior)
        try container.encode(featureLogProb.map { PackedNumbers.encode($0) }, forKey: .featureLogProb)
    }
}
