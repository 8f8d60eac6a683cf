/// The ROC curve of scored examples and the area under it.
///
/// The area is computed from the curve with ties handled as one step (the
/// trapezoid rule over distinct thresholds), which equals the Mann-Whitney
/// statistic that scikit-learn's `roc_auc_score` reports.
public struct ROCCurve: Sendable {
    /// (false positive rate, true positive rate) from (0, 0) to (1, 1).
    public let points: [(fpr: Double, tpr: Double)]

    /// Builds the curve from labels and scores (higher means more likely American).
    public init(labels: [Label], scores: [Double]) {
        let positives = Double(labels.count { $0 == .american })
        let negatives = Double(labels.count) - positives
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var points: [(fpr: Double, tpr: Double)] = [(0, 0)]
        var tp = 0.0
        var fp = 0.0
        var k = 0
        while k < order.count {
            let threshold = scores[order[k]]
            while k < order.count, scores[order[k]] == threshold {
                if labels[order[k]] == .american { tp += 1 } else { fp += 1 }
                k += 1
            }
            points.append((negatives > 0 ? fp / negatives : 0, positives > 0 ? tp / positives : 0))
        }
        self.points = points
    }

    /// The area under the curve (0.5 for a coin, 1 for a perfect ranking).
    public var area: Double {
        zip(points, points.dropFirst()).reduce(0) { sum, pair in
            sum + (pair.1.fpr - pair.0.fpr) * (pair.1.tpr + pair.0.tpr) / 2
        }
    }
}
