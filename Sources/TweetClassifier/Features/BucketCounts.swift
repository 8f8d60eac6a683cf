/// The signed count of each column one document fills, gathered in a small
/// open-addressing table.
///
/// A tweet has about a thousand character n-grams; sorting them to count
/// repeats cost more than the rest of a prediction, while a table sized to
/// the document counts them in one pass. Entries come out in table order,
/// which depends only on the columns, the order they were given in and the
/// table's size (set by the number of n-grams), so the result is
/// deterministic. A bitmap of the occupied slots says which slots hold a
/// column, so only that bitmap is cleared when a table is made, and the walk
/// skips the empty half of the table without a branch per slot.
///
/// The table is a class over raw memory: `give` runs a thousand times per
/// prediction, and array storage would check its uniqueness and bounds at
/// every call. It is scratch space of one call, never shared between threads.
final class BucketCounts: TermSink {
    private let mask: Int
    /// Slot `s` holds a column when bit `s % 64` of word `s / 64` is set;
    /// `keys` and `counts` of the other slots are uninitialised.
    private let occupied: UnsafeMutablePointer<UInt64>
    private let words: Int
    private let keys: UnsafeMutablePointer<UInt32>
    private let counts: UnsafeMutablePointer<Int32>
    /// The slots in use (at most half of them, as sized).
    private var used = 0

    /// How many columns the table holds (some may have counted to 0).
    var columnCount: Int { used }

    /// An empty table for up to `expected` distinct columns.
    init(expected: Int) {
        var capacity = 16
        while capacity < 2 * expected { capacity <<= 1 }
        mask = capacity - 1
        words = capacity / 64 + 1
        occupied = .allocate(capacity: words)
        occupied.initialize(repeating: 0, count: words)
        keys = .allocate(capacity: capacity)
        counts = .allocate(capacity: capacity)
    }

    deinit {
        occupied.deallocate()
        keys.deallocate()
        counts.deallocate()
    }

    /// Adds `sign` to the count of `column`. The table is sized for
    /// `expected` distinct columns; more than half its slots in use would be
    /// a programming error, and traps rather than spins.
    @inline(__always)
    func add(_ column: UInt32, _ sign: Int32) {
        // Locals, not properties: the stores below go through raw pointers,
        // after which the compiler would otherwise read every property again.
        let (mask, occupied, keys, counts) = (mask, occupied, keys, counts)
        var slot = Self.home(column, mask: mask)
        while true {
            let (word, bit) = (slot &>> 6, UInt64(1) &<< UInt64(slot & 63))
            guard occupied[word] & bit != 0 else {
                precondition(2 &* used <= mask, "BucketCounts: more columns than expected")
                occupied[word] |= bit
                keys[slot] = column
                counts[slot] = sign
                used &+= 1
                return
            }
            if keys[slot] == column {
                counts[slot] &+= sign
                return
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// Counts an n-gram occurrence given by the analyzer (its identity and words do not matter here).
    @inline(__always)
    func give(_ ngram: UInt64, column: UInt32, sign: Int32, firstWord: Int32, lastWord: Int32) {
        add(column, sign)
    }

    /// The first slot `column` tries (Fibonacci hashing: buckets are often multiples of each other).
    @inline(__always)
    private static func home(_ column: UInt32, mask: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(column) &* 0x9E37_79B9_7F4A_7C15 >> 40) & mask
    }

    /// Calls `body(column, count)` for every column whose signed count is not zero, in table order.
    @inline(__always)
    func forEach(_ body: (UInt32, Int32) -> Void) {
        for word in 0..<words {
            var bits = occupied[word]
            while bits != 0 {
                let slot = word << 6 | bits.trailingZeroBitCount
                if counts[slot] != 0 { body(keys[slot], counts[slot]) }
                bits &= bits - 1
            }
        }
    }
}
