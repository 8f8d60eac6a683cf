/// One setting a cross-validated selection tries: a learner, its C, the
/// feature blocks it uses and the weight of each training source.
public struct GridPoint: Sendable, Equatable, Hashable {
    /// `svm`, `logreg-dual` or `nbsvm`.
    public var kind: ModelKind
    /// Inverse regularisation strength.
    public var c: Double
    /// Indices into the settings' blocks, in order.
    public var blocks: [Int]
    /// One sample weight per training source (file), in file order.
    public var sourceWeights: [Double]

    /// Creates a grid point.
    public init(kind: ModelKind, c: Double, blocks: [Int], sourceWeights: [Double]) {
        self.kind = kind
        self.c = c
        self.blocks = blocks
        self.sourceWeights = sourceWeights
    }

    /// A short description for tables, e.g. `svm C=0.3 word 1-2 + char_wb 2-5, weights 1/0.5`.
    public func label(blocks all: [FeatureBlock]) -> String {
        let features = blocks.map { "\(all[$0].analyzer.rawValue) \(all[$0].ngramMin)-\(all[$0].ngramMax)" }.joined(separator: " + ")
        let weights = sourceWeights.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }.joined(separator: "/")
        return "\(kind.rawValue) C=\(c) \(features), weights \(weights)"
    }

    /// The default grid: the three learners at three values of C, with and without
    /// the character block, with the sources' weights as given and all 1.
    public static func defaultGrid(blockCount: Int, sourceWeights: [Double]) -> [GridPoint] {
        let learners: [(ModelKind, Double)] = [
            (.linearSVM, 0.1), (.linearSVM, 0.3), (.linearSVM, 1),
            (.dualLogisticRegression, 1), (.dualLogisticRegression, 3), (.dualLogisticRegression, 10),
            (.nbSVM, 0.1), (.nbSVM, 0.3), (.nbSVM, 1),
        ]
        let blockSets = blockCount > 1 ? [Array(0..<blockCount), [0]] : [Array(0..<blockCount)]
        let unit = [Double](repeating: 1, count: sourceWeights.count)
        let weightings = sourceWeights == unit ? [unit] : [sourceWeights, unit]
        return learners.flatMap { kind, c in
            blockSets.flatMap { blocks in weightings.map { GridPoint(kind: kind, c: c, blocks: blocks, sourceWeights: $0) } }
        }
    }
}
