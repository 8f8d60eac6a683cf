import CPrefetch

/// A hashed model's stored codes side by side, one entry per column: the
/// column weighting's code (idf or log-count ratio; 0 for a column its
/// block's min-df pruned) and the weight's code.
///
/// A prediction reads both for each of a thousand columns spread over 1.6
/// million. Kept in two arrays (and the weights as 64-bit values), each
/// lookup touched two far-apart cache lines; interleaved as 4-byte entries it
/// touches one, in 6.3 MB instead of 14. (A bitmap with ranks over the kept
/// columns only took 2.3 MB but twice the instructions per lookup, and was
/// no faster: measured with cachegrind.)
struct ColumnCodes: Sendable {
    /// One column's codes, as the model file stores them.
    struct Entry: Sendable {
        /// The column weighting's code (an 8-bit idf code fits too); 0 when pruned.
        let columnCode: Int16
        /// The weight's code.
        let weightCode: Int16
    }

    private let entries: [Entry]

    /// The codes of every column; both arrays have one code per column.
    init<Code: FixedWidthInteger>(columnCodes: [Code], weightCodes: [Int16]) {
        entries = zip(columnCodes, weightCodes).map { Entry(columnCode: Int16($0), weightCode: $1) }
    }

    /// The codes of `column` (a column code of 0: pruned).
    @inline(__always)
    func codes(_ column: UInt32) -> Entry {
        entries[Int(column)]
    }

    /// Starts loading the codes of `column` into the cache, so that reading
    /// them later does not wait (see `PrefetchingCounts`).
    @inline(__always)
    func prefetch(_ column: UInt32) {
        entries.withUnsafeBufferPointer { cprefetch_read($0.baseAddress! + Int(column)) }
    }

    /// Whether training pruned `column`: a token there is unknown to the model.
    func isPruned(_ column: UInt32) -> Bool {
        entries[Int(column)].columnCode == 0
    }
}
