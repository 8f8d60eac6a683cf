/// The training rows of a hashed feature space, stored once in compressed
/// sparse row form and shared read-only by every fold and grid point.
///
/// Values are single precision: the character block makes about a thousand
/// entries per tweet, and halving them keeps 35,000 tweets in a few hundred
/// megabytes and the solver's passes in cache longer.
public struct FeatureMatrix: Sendable {
    /// Where each row starts in `columns` and `values`; one more entry than rows.
    public let rowStarts: [Int]
    public let columns: [UInt32]
    public let values: [Float]
    /// The number of columns.
    public let columnCount: Int

    /// Creates a matrix from its parts.
    public init(rowStarts: [Int], columns: [UInt32], values: [Float], columnCount: Int) {
        self.rowStarts = rowStarts
        self.columns = columns
        self.values = values
        self.columnCount = columnCount
    }

    /// Stacks rows given as sparse vectors.
    public init(rows: [SparseVector], columnCount: Int) {
        var starts = [0]
        starts.reserveCapacity(rows.count + 1)
        var columns: [UInt32] = []
        var values: [Float] = []
        let total = rows.reduce(0) { $0 + $1.indices.count }
        columns.reserveCapacity(total)
        values.reserveCapacity(total)
        for row in rows {
            columns.append(contentsOf: row.indices.map { UInt32($0) })
            values.append(contentsOf: row.values.map { Float($0) })
            starts.append(columns.count)
        }
        self.init(rowStarts: starts, columns: columns, values: values, columnCount: columnCount)
    }

    /// The number of rows.
    public var rowCount: Int { rowStarts.count - 1 }

    /// The same rows keeping only columns in `ranges` (in order), renumbered
    /// as if those ranges were laid side by side: a feature space without
    /// some of its blocks, for a grid point that leaves a block out.
    public func keeping(_ ranges: [Range<Int>]) -> FeatureMatrix {
        var shift = [Int]()
        var start = 0
        for range in ranges {
            shift.append(start - range.lowerBound)
            start += range.count
        }
        var starts = [0]
        var kept: [UInt32] = []
        var keptValues: [Float] = []
        for row in 0..<rowCount {
            for k in rowStarts[row]..<rowStarts[row + 1] {
                let column = Int(columns[k])
                if let r = ranges.firstIndex(where: { $0.contains(column) }) {
                    kept.append(UInt32(column + shift[r]))
                    keptValues.append(values[k])
                }
            }
            starts.append(kept.count)
        }
        return FeatureMatrix(rowStarts: starts, columns: kept, values: keptValues, columnCount: start)
    }
}
