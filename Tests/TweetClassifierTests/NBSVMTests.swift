import Foundation
import Testing
@testable import TweetClassifier

@Suite("NB-SVM")
struct NBSVMTests {
    /// Three columns in two blocks (column 0 | columns 1-2); the values are
    /// TF-IDF and must not matter, only which columns a row fills.
    static let matrix = FeatureMatrix(
        rows: [
            SparseVector(indices: [0, 1], values: [0.3, 0.9]),
            SparseVector(indices: [1, 2], values: [0.5, 0.2]),
            SparseVector(indices: [2], values: [0.7]),
        ],
        columnCount: 4
    )
    static let labels: [Label] = [.american, .notAmerican, .notAmerican]

    @Test("log-count ratios are Wang & Manning's, weighted and smoothed, on the columns present only")
    func ratios() {
        let learner = NBSVMLearner(c: 1, beta: 1, alpha: 1)
        let ratios = learner.logCountRatios(
            Self.matrix, present: NBSVMLearner.presentColumns(Self.matrix), rows: [0, 1, 2], labels: Self.labels, sampleWeights: [1, 1, 0.5]
        )
        // p = 1 + [1, 1, 0] (column 3 is in no row: out of the vocabulary), q = 1 + [0, 1, 1.5].
        let (p, q) = ([2.0, 2, 1], [1.0, 2, 2.5])
        let expected = (0..<3).map { log((p[$0] / 5) / (q[$0] / 5.5)) } + [0]
        for (got, want) in zip(ratios, expected) {
            #expect(abs(Double(got) - want) < 1e-6, "\(ratios) should be \(expected)")
        }
    }

    @Test("a row's features are its columns' ratios, binarised and L2-normalised block by block; a zero ratio drops its column")
    func features() {
        let ratios = Quantized<Int16>(codes: [0, -200, 50, 7], scale: 0.01)
        let features = NBSVMLearner.features(Self.matrix, blockSizes: [1, 3], ratios: ratios)
        #expect(features.rowStarts == [0, 1, 3, 4])
        #expect(features.columns == [1, 1, 2, 2])
        let norm = (4.0 + 0.25).squareRoot()
        let expected: [Float] = [-1, Float(-2 / norm), Float(0.5 / norm), 1]
        #expect(features.values.count == 4 && zip(features.values, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(features.values)")
    }

    @Test("β = 0 gives every vocabulary column the mean magnitude of the SVM's weights, β = 1 the weights themselves")
    func interpolation() {
        let rows = [0, 1, 2]
        let svm = NBSVMLearner(c: 1, beta: 1, alpha: 1).fit(Self.matrix, blockSizes: [1, 3], rows: rows, labels: Self.labels, sampleWeights: [1, 1, 1])
        let flat = NBSVMLearner(c: 1, beta: 0, alpha: 1).fit(Self.matrix, blockSizes: [1, 3], rows: rows, labels: Self.labels, sampleWeights: [1, 1, 1])
        let mean = svm.solution.weights[0..<3].reduce(0) { $0 + abs($1) } / 3
        #expect(svm.solution.weights[0] > 0 && svm.solution.weights[3] == 0)
        #expect(flat.solution.weights[0..<3].allSatisfy { abs($0 - mean) < 1e-12 }, "\(flat.solution.weights)")
        #expect(flat.solution.weights[3] == 0 && flat.solution.bias == svm.solution.bias)
    }
}
