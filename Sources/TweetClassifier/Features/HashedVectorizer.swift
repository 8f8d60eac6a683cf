#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// Maps tweets to TF-IDF vectors in a hashed feature space of one or more blocks.
///
/// Each block is weighted like scikit-learn's `TfidfVectorizer` (smooth idf,
/// optional sublinear tf; a hashed column's "count" is the signed sum of the
/// n-grams in it, and sublinear tf keeps that sign) and L2-normalised on its
/// own. The block's `min_df` prunes n-grams before they are counted
/// (`HashedTrainingSet`, `NgramFrequencies`), so a column that no kept
/// n-gram fills has idf 0 and is left out. `fit` also holds each column to
/// `min_df` on the tweets that fill it, which drops a column only where its
/// kept n-grams' signs cancel in enough tweets to take it below.
public struct HashedVectorizer: Sendable {
    /// The analyzer that turns a tweet into hashed n-gram counts.
    public let analyzer: HashedAnalyzer
    /// One idf per column, as the model file stores it (8-bit codes); 0 for a
    /// pruned column. Training uses these quantised values too, so that
    /// serving computes exactly the features the weights were fitted on.
    public let quantizedIDF: Quantized<UInt8>
    public let options: TfidfOptions

    /// Creates a vectorizer from stored parts (a loaded model file).
    public init(analyzer: HashedAnalyzer, idf: Quantized<UInt8>, options: TfidfOptions) {
        self.analyzer = analyzer
        self.quantizedIDF = idf
        self.options = options
    }

    /// Learns the idf of every column from the training tweets' counts.
    public static func fit(analyzer: HashedAnalyzer, counts: [DocumentCounts], options: TfidfOptions) -> HashedVectorizer {
        var documentFrequency = [Int32](repeating: 0, count: analyzer.columnCount)
        for document in counts {
            for column in document.columns {
                documentFrequency[Int(column)] += 1
            }
        }
        let n = Double(counts.count)
        var idf = [Float](repeating: 0, count: analyzer.columnCount)
        for (block, offset) in zip(analyzer.blocks, analyzer.offsets) {
            for column in offset..<offset + block.buckets where Int(documentFrequency[column]) >= block.minDF {
                idf[column] = options.useIdf ? Float(log((1 + n) / (1 + Double(documentFrequency[column]))) + 1) : 1
            }
        }
        return HashedVectorizer(analyzer: analyzer, idf: Quantized(idf), options: options)
    }

    /// Applies tf, idf and each block's norm to a tweet's counts; pruned columns are dropped.
    /// Indices are distinct but in table order, not sorted (no consumer needs them sorted).
    public func weigh(_ counts: DocumentCounts) -> SparseVector {
        var indices: [Int32] = []
        var values: [Double] = []
        indices.reserveCapacity(counts.columns.count)
        values.reserveCapacity(counts.columns.count)
        let (codes, scale) = (quantizedIDF.codes, quantizedIDF.scale)
        var start = 0
        for end in counts.blockEnds {
            let blockStart = values.count
            for k in start..<end {
                let column = Int(counts.columns[k])
                let code = codes[column]
                guard code > 0 else { continue }
                indices.append(Int32(column))
                values.append(Self.value(count: counts.counts[k], idf: Float(code) * scale, sublinearTF: options.sublinearTF))
            }
            if options.l2Normalize {
                values.normalizeL2(from: blockStart)
            }
            start = end
        }
        return SparseVector(indices: indices, values: values)
    }

    /// The feature value of a column a tweet fills `count` times (signed),
    /// before its block's norm: the one formula of training and serving.
    @inline(__always)
    static func value(count: Int32, idf: Float, sublinearTF: Bool) -> Double {
        let count = Double(count)
        // A count of ±1 (most of them) is its own sublinear tf: 1 + log 1 is exactly 1, without the call.
        let tf = sublinearTF && abs(count) != 1 ? (1 + log(abs(count))) * (count < 0 ? -1 : 1) : count
        return tf * Double(idf)
    }

    /// This vectorizer with only the blocks at `kept` (in order): the feature
    /// space of a model that left the other blocks out.
    public func keeping(blocks kept: [Int]) -> HashedVectorizer {
        let ranges = columnRanges(of: kept)
        return HashedVectorizer(
            analyzer: HashedAnalyzer(blocks: kept.map { analyzer.blocks[$0] }, tokenizer: analyzer.tokenizer, stopWords: analyzer.stopWords),
            idf: Quantized(codes: ranges.flatMap { quantizedIDF.codes[$0] }, scale: quantizedIDF.scale), options: options
        )
    }

    /// The column ranges of the blocks at `indices`.
    public func columnRanges(of indices: [Int]) -> [Range<Int>] {
        indices.map { analyzer.offsets[$0]..<analyzer.offsets[$0] + analyzer.blocks[$0].buckets }
    }
}
