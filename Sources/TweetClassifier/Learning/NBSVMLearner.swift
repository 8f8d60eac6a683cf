import Glibc

/// Fits an NB-SVM (Wang & Manning 2012) on an analysed training set: the
/// log-count ratio of every column from the training rows' labels, an L2-loss
/// SVM by dual coordinate descent on the ratio-scaled binarised rows, then
/// the interpolation `w' = (1 - β)·mean|w| + β·w`.
///
/// The ratios come from labels, so each cross-validation fold fits its own on
/// its training rows (fitting them once on every row would leak the held-out
/// labels into the features). The vocabulary (which columns min-df keeps) is
/// the columns the matrix fills: in cross-validation a fold's matrix, whose
/// vectorizer saw only that fold's training rows, as the TF-IDF kinds' idf does.
struct NBSVMLearner {
    /// Inverse regularisation strength.
    var c: Double
    /// The interpolation β (1 = the SVM's weights as they are).
    var beta: Double
    /// Smoothing of the per-class counts (the paper's α).
    var alpha: Double

    /// What a fit gives.
    struct Fit {
        /// The fitted ratios, quantised as the model file stores them.
        let ratios: Quantized<Int16>
        /// Every row of the set under those ratios (the held-out rows included, to score them).
        let features: FeatureMatrix
        /// The interpolated weights and the intercept.
        let solution: DualCoordinateDescent.Solution
    }

    /// Fits on the rows `rows` of `matrix` (a training set's TF-IDF rows,
    /// read only for which columns each row fills), whose blocks have
    /// `blockSizes` columns in order.
    func fit(_ matrix: FeatureMatrix, blockSizes: [Int], rows: [Int], labels: [Label], sampleWeights: [Double]) -> Fit {
        let present = Self.presentColumns(matrix)
        let ratios = Quantized<Int16>(logCountRatios(matrix, present: present, rows: rows, labels: labels, sampleWeights: sampleWeights))
        let features = Self.features(matrix, blockSizes: blockSizes, ratios: ratios)
        var solution = DualCoordinateDescent(loss: .squaredHinge, c: c).fit(features, rows: rows, labels: labels, sampleWeights: sampleWeights)
        var (magnitude, vocabularySize) = (0.0, 0)
        for (weight, kept) in zip(solution.weights, present) where kept {
            magnitude += abs(weight)
            vocabularySize += 1
        }
        let mean = magnitude / Double(max(1, vocabularySize))
        solution.weights = zip(solution.weights, present).map { weight, kept in kept ? (1 - beta) * mean + beta * weight : 0 }
        return Fit(ratios: ratios, features: features, solution: solution)
    }

    /// `r = log((p/‖p‖₁) / (q/‖q‖₁))` over the columns in the vocabulary, with
    /// `p = α + Σ` (sample weights of the American rows filling the column) and `q` the same for the others; 0 elsewhere.
    func logCountRatios(_ matrix: FeatureMatrix, present: [Bool], rows: [Int], labels: [Label], sampleWeights: [Double]) -> [Float] {
        var p = [Double](repeating: 0, count: matrix.columnCount), q = p
        for row in rows {
            let weight = sampleWeights[row]
            for k in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
                let column = Int(matrix.columns[k])
                if labels[row] == .american { p[column] += weight } else { q[column] += weight }
            }
        }
        var (pTotal, qTotal) = (0.0, 0.0)
        for column in present.indices where present[column] {
            p[column] += alpha
            q[column] += alpha
            pTotal += p[column]
            qTotal += q[column]
        }
        return present.indices.map { present[$0] ? Float(log((p[$0] / pTotal) / (q[$0] / qTotal))) : 0 }
    }

    /// Which columns any row fills: the vocabulary that min-df left.
    static func presentColumns(_ matrix: FeatureMatrix) -> [Bool] {
        var present = [Bool](repeating: false, count: matrix.columnCount)
        for column in matrix.columns { present[Int(column)] = true }
        return present
    }

    /// Every row of `matrix` as NB-SVM features under `ratios`, computed by
    /// the serving vectorizer's own weighting.
    static func features(_ matrix: FeatureMatrix, blockSizes: [Int], ratios: Quantized<Int16>) -> FeatureMatrix {
        let blockLimits = blockSizes.reduce(into: [Int]()) { $0.append(($0.last ?? 0) + $1) }
        let weigh = { @Sendable (row: Int) -> SparseVector in
            let (start, end) = (matrix.rowStarts[row], matrix.rowStarts[row + 1])
            var blockEnds: [Int] = []
            var k = start
            for limit in blockLimits {
                while k < end, Int(matrix.columns[k]) < limit { k += 1 }
                blockEnds.append(k)
            }
            return LogCountRatioVectorizer.weigh(columns: matrix.columns[start..<end], blockEnds: blockEnds, ratios: ratios)
        }
        return FeatureMatrix(rows: ParallelMap.map(Array(0..<matrix.rowCount), weigh), columnCount: matrix.columnCount)
    }
}
