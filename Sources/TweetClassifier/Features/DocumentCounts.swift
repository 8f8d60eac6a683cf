/// The signed count of every column one tweet fills, block after block:
/// what TF-IDF weighting starts from, and what document frequencies are counted on.
public struct DocumentCounts: Sendable {
    /// Columns, grouped by block (in no particular order inside a block).
    public var columns: [UInt32] = []
    /// The signed count of each column (never 0: cancelled columns are left out).
    public var counts: [Int32] = []
    /// Where each block's entries end in `columns`.
    public var blockEnds: [Int] = []

    /// Counts the n-gram occurrences of an analysed tweet.
    public init(_ document: HashedDocument) {
        for terms in document.blocks {
            let table = BucketCounts(expected: terms.count)
            for term in terms { table.add(term.column, term.sign) }
            appendBlock(table)
        }
    }

    /// No blocks yet (`HashedAnalyzer.counts` appends them).
    init() {}

    /// Appends the next block's counted columns, in table order.
    mutating func appendBlock(_ table: BucketCounts) {
        columns.reserveCapacity(columns.count + table.columnCount)
        counts.reserveCapacity(counts.count + table.columnCount)
        table.forEach { column, count in
            columns.append(column)
            counts.append(count)
        }
        blockEnds.append(columns.count)
    }
}
