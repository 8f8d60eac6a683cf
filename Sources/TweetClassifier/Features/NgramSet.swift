/// The n-grams (by 64-bit hash) that a block's `min_df` keeps: training counts
/// only these in its tweets' vectors, as an exact vocabulary would.
///
/// Read by every core at once while the rows are counted, so a plain value:
/// an open-addressing array of the hashes, 0 marking an empty slot (the hash
/// 0 itself, should an n-gram have it, is kept apart).
struct NgramSet: Sendable {
    private let slots: [UInt64]
    private let mask: Int
    private let hasZero: Bool

    /// The set of `ngrams` (distinct).
    init(_ ngrams: [UInt64]) {
        var capacity = 16
        while capacity < 2 * ngrams.count { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        for ngram in ngrams where ngram != 0 {
            var slot = NgramFrequencies.home(ngram, mask: capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = ngram
        }
        self.slots = slots
        self.mask = capacity - 1
        self.hasZero = ngrams.contains(0)
    }

    /// Whether `ngram` is in the set.
    @inline(__always)
    func contains(_ ngram: UInt64) -> Bool {
        guard ngram != 0 else { return hasZero }
        var slot = NgramFrequencies.home(ngram, mask: mask)
        while slots[slot] != 0 {
            if slots[slot] == ngram { return true }
            slot = (slot + 1) & mask
        }
        return false
    }
}
