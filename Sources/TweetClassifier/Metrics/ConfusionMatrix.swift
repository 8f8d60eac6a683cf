/// Counts of a binary classifier's outcomes, class 1 ("American") being positive.
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var trueNegatives = 0
    public var falseNegatives = 0

    /// An empty matrix, or one with given counts.
    public init(truePositives: Int = 0, falsePositives: Int = 0, trueNegatives: Int = 0, falseNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// Counts the pairs of true and predicted labels.
    public init(labels: [Label], predictions: [Label]) {
        for (label, prediction) in zip(labels, predictions) {
            add(label: label, prediction: prediction)
        }
    }

    /// Counts one outcome.
    public mutating func add(label: Label, prediction: Label) {
        switch (label, prediction) {
        case (.american, .american): truePositives += 1
        case (.notAmerican, .american): falsePositives += 1
        case (.american, .notAmerican): falseNegatives += 1
        case (.notAmerican, .notAmerican): trueNegatives += 1
        }
    }

    /// All counted outcomes.
    public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    /// Share of right answers (0 when empty).
    public var accuracy: Double { Self.ratio(truePositives + trueNegatives, total) }
    /// Of the tweets called American, the share that are.
    public var precision: Double { Self.ratio(truePositives, truePositives + falsePositives) }
    /// Of the American tweets, the share found.
    public var recall: Double { Self.ratio(truePositives, truePositives + falseNegatives) }
    /// The harmonic mean of precision and recall.
    public var f1: Double {
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    private static func ratio(_ a: Int, _ b: Int) -> Double {
        b == 0 ? 0 : Double(a) / Double(b)
    }

    enum CodingKeys: String, CodingKey {
        case truePositives = "true_positives"
        case falsePositives = "false_positives"
        case trueNegatives = "true_negatives"
        case falseNegatives = "false_negatives"
    }
}
