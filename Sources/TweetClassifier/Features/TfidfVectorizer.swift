import Foundation

/// Maps analysed terms to TF-IDF feature vectors over a fixed vocabulary.
///
/// `fit` learns the vocabulary (terms in at least `minDF` documents) and the
/// smoothed idf exactly as scikit-learn's `CountVectorizer(min_df=…)` followed
/// by `TfidfTransformer(smooth_idf=True)`; `transform` is the per-request path.
public struct TfidfVectorizer: Sendable {
    /// The known terms.
    public let vocabulary: Vocabulary
    /// One idf per column (all 1 when idf is off).
    public let idf: [Double]
    /// The weighting applied by `transform`.
    public let options: TfidfOptions

    /// Creates a vectorizer from stored parts (a loaded model file).
    public init(vocabulary: Vocabulary, idf: [Double], options: TfidfOptions) {
        self.vocabulary = vocabulary
        self.idf = idf
        self.options = options
    }

    /// Learns vocabulary and idf from the terms of each training document.
    ///
    /// Terms are sorted so that the same data always gives the same columns.
    public static func fit(documents: [[String]], minDF: Int, options: TfidfOptions) -> TfidfVectorizer {
        var documentFrequency: [String: Int] = [:]
        for terms in documents {
            for term in Set(terms) {
                documentFrequency[term, default: 0] += 1
            }
        }
        let kept = documentFrequency.filter { $0.value >= max(1, minDF) }.keys.sorted()
        let n = Double(documents.count)
        let idf = kept.map { term in
            options.useIdf ? log((1 + n) / (1 + Double(documentFrequency[term]!))) + 1 : 1
        }
        return TfidfVectorizer(vocabulary: Vocabulary(terms: kept), idf: idf, options: options)
    }

    /// The weighted, normalised feature vector of one document's terms;
    /// unknown terms are ignored.
    public func transform(_ terms: [String]) -> SparseVector {
        var columns: [Int32] = []
        columns.reserveCapacity(terms.count)
        for term in terms {
            if let column = vocabulary.column(of: term) {
                columns.append(column)
            }
        }
        columns.sort()
        var indices: [Int32] = []
        var values: [Double] = []
        indices.reserveCapacity(columns.count)
        values.reserveCapacity(columns.count)
        var k = 0
        while k < columns.count {
            let column = columns[k]
            var count = 0
            while k < columns.count, columns[k] == column {
                count += 1
                k += 1
            }
            let tf = options.sublinearTF ? 1 + log(Double(count)) : Double(count)
            indices.append(column)
            values.append(tf * idf[Int(column)])
        }
        if options.l2Normalize {
            let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 {
                for k in values.indices {
                    values[k] /= norm
                }
            }
        }
        return SparseVector(indices: indices, values: values)
    }
}
