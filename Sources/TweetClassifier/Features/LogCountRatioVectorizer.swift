/// NB-SVM's features in a hashed feature space: each bucket an n-gram of the
/// tweet falls in gets the bucket's log-count ratio (binarised: how often
/// does not matter), and each block is L2-normalised on its own, as the
/// TF-IDF blocks of the other hashed kinds are.
///
/// The ratios are the model file's 16-bit codes (0 for a pruned column), and
/// training builds its features from those quantised values, so that serving
/// (`HashedScorer`, through `value`) computes exactly what was fitted.
enum LogCountRatioVectorizer {
    /// The feature value of a filled column of ratio code `code`, before its
    /// block's norm: the one formula of training and serving.
    @inline(__always)
    static func value(code: Int16, scale: Float) -> Double {
        Double(code) * Double(scale)
    }

    /// The features of the filled `columns` under `ratios`, grouped by block,
    /// block `b` ending before index `blockEnds[b]` of `columns` (whose indices
    /// may start anywhere: a row of a `FeatureMatrix` is a slice of its columns).
    static func weigh(columns: ArraySlice<UInt32>, blockEnds: [Int], ratios: Quantized<Int16>) -> SparseVector {
        var indices: [Int32] = []
        var values: [Double] = []
        indices.reserveCapacity(columns.count)
        values.reserveCapacity(columns.count)
        let (codes, scale) = (ratios.codes, ratios.scale)
        var start = columns.startIndex
        for end in blockEnds {
            let blockStart = values.count
            for column in columns[start..<end] {
                let code = codes[Int(column)]
                guard code != 0 else { continue }
                indices.append(Int32(column))
                values.append(value(code: code, scale: scale))
            }
            values.normalizeL2(from: blockStart)
            start = end
        }
        return SparseVector(indices: indices, values: values)
    }
}
