/// The signed count of each column one document fills, gathered in a small
/// open-addressing table.
///
/// A tweet has about a thousand character n-grams; sorting them to count
/// repeats cost more than the rest of a prediction, while a table sized to
/// the document counts them in one pass. Entries come out in table order,
/// which depends only on the columns, so the result is deterministic. A
/// bitmap of the occupied slots lets that walk skip the empty half of the
/// table without a branch per slot (the walk cost more than the counting).
struct BucketCounts {
    /// One n-gram occurrence: its column and its sign.
    struct Occurrence {
        var column: UInt32
        var sign: Int32
    }

    private static let empty = UInt32.max
    private var keys: [UInt32]
    private var counts: [Int32]
    /// Bit `slot % 64` of word `slot / 64` is set when the slot holds a column.
    private var occupied: [UInt64]
    private let mask: Int

    /// A table for up to `expected` distinct columns.
    init(expected: Int) {
        var capacity = 16
        while capacity < 2 * expected { capacity <<= 1 }
        keys = [UInt32](repeating: Self.empty, count: capacity)
        counts = [Int32](repeating: 0, count: capacity)
        occupied = [UInt64](repeating: 0, count: capacity / 64 + 1)
        mask = capacity - 1
    }

    /// Adds each occurrence's sign to the count of its column, in order
    /// (through raw buffers: this loop runs a thousand times per prediction).
    mutating func add(_ occurrences: [Occurrence]) {
        let mask = mask
        keys.withUnsafeMutableBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                occupied.withUnsafeMutableBufferPointer { occupied in
                    for occurrence in occurrences {
                        var slot = Self.home(occurrence.column, mask: mask)
                        while keys[slot] != occurrence.column, keys[slot] != Self.empty {
                            slot = (slot + 1) & mask
                        }
                        keys[slot] = occurrence.column
                        counts[slot] += occurrence.sign
                        occupied[slot >> 6] |= 1 << UInt64(slot & 63)
                    }
                }
            }
        }
    }

    /// The first slot `column` tries (Fibonacci hashing: buckets are often multiples of each other).
    @inline(__always)
    private static func home(_ column: UInt32, mask: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(column) &* 0x9E37_79B9_7F4A_7C15 >> 40) & mask
    }

    /// Calls `body(column, count)` for every column whose signed count is not zero, in table order.
    func forEach(_ body: (UInt32, Int32) -> Void) {
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeBufferPointer { counts in
                for (word, bits) in occupied.enumerated() {
                    var bits = bits
                    while bits != 0 {
                        let slot = word << 6 | bits.trailingZeroBitCount
                        if counts[slot] != 0 { body(keys[slot], counts[slot]) }
                        bits &= bits - 1
                    }
                }
            }
        }
    }
}
