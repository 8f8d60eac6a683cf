/// The signed count of each column one document fills, gathered in a small
/// open-addressing table.
///
/// A tweet has about a thousand character n-grams; sorting them to count
/// repeats cost more than the rest of a prediction, while a table sized to
/// the document counts them in one pass. Entries come out in table order,
/// which depends only on the columns, so the result is deterministic.
struct BucketCounts {
    private static let empty = UInt32.max
    private var keys: [UInt32]
    private var counts: [Int32]
    private let mask: Int

    /// A table for up to `expected` distinct columns.
    init(expected: Int) {
        var capacity = 16
        while capacity < 2 * expected { capacity <<= 1 }
        keys = [UInt32](repeating: Self.empty, count: capacity)
        counts = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Adds `sign` to the count of `column`.
    @inline(__always)
    mutating func add(_ column: UInt32, _ sign: Int32) {
        var slot = home(column)
        while keys[slot] != column, keys[slot] != Self.empty {
            slot = (slot + 1) & mask
        }
        keys[slot] = column
        counts[slot] += sign
    }

    /// The signed count of `column` (0 when absent or cancelled out).
    func count(of column: UInt32) -> Int32 {
        var slot = home(column)
        while keys[slot] != Self.empty {
            if keys[slot] == column { return counts[slot] }
            slot = (slot + 1) & mask
        }
        return 0
    }

    /// The first slot `column` tries (Fibonacci hashing: buckets are often multiples of each other).
    @inline(__always)
    private func home(_ column: UInt32) -> Int {
        Int(truncatingIfNeeded: UInt64(column) &* 0x9E37_79B9_7F4A_7C15 >> 40) & mask
    }

    /// Calls `body(column, count)` for every column whose signed count is not zero.
    func forEach(_ body: (UInt32, Int32) -> Void) {
        for slot in keys.indices where keys[slot] != Self.empty && counts[slot] != 0 {
            body(keys[slot], counts[slot])
        }
    }
}
