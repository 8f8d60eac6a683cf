/// How many training tweets each n-gram occurs in, counted per n-gram (by
/// its 64-bit hash) rather than per bucket: what a block's `min_df` prunes.
///
/// Counting per bucket lets two rare n-grams that share a bucket pass
/// `min_df` together: with 2^19 word buckets, a quarter of a million word
/// n-grams seen in one tweet each survived that way, each carrying its one
/// tweet's label into the weights (0.4 to 0.8 points of test accuracy for
/// the three learners, benchmarks/parity/issue12-linear.md).
/// Counted here, they are pruned as an exact vocabulary would prune them.
/// Two distinct n-grams share a 64-bit hash with a probability of about
/// 10^-7 for the few million n-grams of a training set.
///
/// An open-addressing table over raw memory, like `BucketCounts`: training
/// gives it every n-gram of tens of thousands of tweets. It is scratch space
/// of one thread; `merge` adds up the tables of several threads.
final class NgramFrequencies: TermSink {
    private var mask: Int
    /// A slot is empty when its count is 0; `keys` and `lastDocuments` of empty slots are uninitialised.
    private var keys: UnsafeMutablePointer<UInt64>
    private var counts: UnsafeMutablePointer<UInt32>
    /// The document that last counted the slot's n-gram, so that a tweet counts each n-gram once.
    private var lastDocuments: UnsafeMutablePointer<UInt32>
    private var used = 0
    /// The current document (1 for the first; 0 is never one).
    private var document: UInt32 = 0

    /// An empty table; it grows as n-grams arrive.
    init() {
        mask = (1 << 12) - 1
        (keys, counts, lastDocuments) = Self.allocate(mask + 1)
    }

    deinit {
        keys.deallocate()
        counts.deallocate()
        lastDocuments.deallocate()
    }

    /// Starts the next document: the n-grams given from now on are its own.
    func startDocument() {
        document += 1
    }

    /// Counts an n-gram occurrence of the current document (its column and words do not matter here).
    @inline(__always)
    func give(_ ngram: UInt64, column: UInt32, sign: Int32, firstWord: Int32, lastWord: Int32) {
        add(ngram, documents: 1)
    }

    /// Adds another table's counts, which came from other documents.
    func merge(_ other: NgramFrequencies) {
        precondition(other !== self, "NgramFrequencies: a table merged into itself")
        startDocument()
        for slot in 0...other.mask where other.counts[slot] != 0 {
            add(other.keys[slot], documents: other.counts[slot])
        }
    }

    /// The n-grams that at least `minDF` documents have (every n-gram counted, for a `minDF` below 1).
    func kept(minDF: Int) -> NgramSet {
        var ngrams: [UInt64] = []
        for slot in 0...mask where counts[slot] != 0 && Int(counts[slot]) >= minDF {
            ngrams.append(keys[slot])
        }
        return NgramSet(ngrams)
    }

    /// Adds `documents` to the count of `ngram`, unless the current document has already counted it.
    @inline(__always)
    private func add(_ ngram: UInt64, documents: UInt32) {
        var slot = Self.home(ngram, mask: mask)
        while counts[slot] != 0 {
            if keys[slot] == ngram {
                if lastDocuments[slot] != document {
                    counts[slot] += documents
                    lastDocuments[slot] = document
                }
                return
            }
            slot = (slot + 1) & mask
        }
        keys[slot] = ngram
        counts[slot] = documents
        lastDocuments[slot] = document
        used += 1
        if 2 * used > mask { grow() }
    }

    /// Doubles the table, keeping every entry.
    private func grow() {
        let (oldKeys, oldCounts, oldLast, oldMask) = (keys, counts, lastDocuments, mask)
        mask = 2 * mask + 1
        (keys, counts, lastDocuments) = Self.allocate(mask + 1)
        for old in 0...oldMask where oldCounts[old] != 0 {
            var slot = Self.home(oldKeys[old], mask: mask)
            while counts[slot] != 0 { slot = (slot + 1) & mask }
            (keys[slot], counts[slot], lastDocuments[slot]) = (oldKeys[old], oldCounts[old], oldLast[old])
        }
        oldKeys.deallocate()
        oldCounts.deallocate()
        oldLast.deallocate()
    }

    /// Storage for `capacity` slots, every one empty.
    private static func allocate(_ capacity: Int) -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>) {
        let counts = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        counts.initialize(repeating: 0, count: capacity)
        return (.allocate(capacity: capacity), counts, .allocate(capacity: capacity))
    }

    /// The first slot `ngram` tries: its high bits (a finished hash's bits are all equally mixed,
    /// and the low ones already chose its bucket).
    @inline(__always)
    static func home(_ ngram: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: ngram >> 24) & mask
    }
}
