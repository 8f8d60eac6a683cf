#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

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
        fitTransform(documents: documents, minDF: minDF, options: options).vectorizer
    }

    /// Learns the vectorizer and returns the training documents' vectors too.
    ///
    /// Each distinct term is hashed once: documents become lists of provisional
    /// ids, document frequencies are counted in an array, and the vectors are
    /// built by renumbering ids, so training does no second round of look-ups.
    public static func fitTransform(documents: [[String]], minDF: Int, options: TfidfOptions) -> (vectorizer: TfidfVectorizer, rows: [SparseVector]) {
        var ids: [String: Int32] = [:]
        var terms: [String] = []
        var documentFrequency: [Int] = []
        let documentIDs = documents.map { document -> [Int32] in
            var row = document.map { term -> Int32 in
                if let id = ids[term] { return id }
                let id = Int32(terms.count)
                ids[term] = id
                terms.append(term)
                documentFrequency.append(0)
                return id
            }
            row.sort()
            var previous: Int32 = -1
            for id in row where id != previous {
                documentFrequency[Int(id)] += 1
                previous = id
            }
            return row
        }
        let kept = terms.indices.filter { documentFrequency[$0] >= max(1, minDF) }.sorted { terms[$0] < terms[$1] }
        var column = [Int32](repeating: -1, count: terms.count)
        for (index, id) in kept.enumerated() { column[id] = Int32(index) }
        let n = Double(documents.count)
        let idf = kept.map { options.useIdf ? log((1 + n) / (1 + Double(documentFrequency[$0]))) + 1 : 1 }
        let vectorizer = TfidfVectorizer(vocabulary: Vocabulary(terms: kept.map { terms[$0] }), idf: idf, options: options)
        let rows = documentIDs.map { row in
            var columns = row.compactMap { column[Int($0)] >= 0 ? column[Int($0)] : nil }
            columns.sort()
            return vectorizer.weigh(sortedColumns: columns)
        }
        return (vectorizer, rows)
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
        return weigh(sortedColumns: columns)
    }

    /// Counts repeated columns and applies tf, idf and the norm.
    func weigh(sortedColumns columns: [Int32]) -> SparseVector {
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
            values.normalizeL2()
        }
        return SparseVector(indices: indices, values: values)
    }
}
