/// The stable hash that puts n-grams into buckets.
///
/// Swift's `Hasher` is seeded afresh in every process, so a model trained
/// with it could not be served by another process. This is FNV-1a over
/// 32-bit units, finished with MurmurHash3's 64-bit mixer (FNV's low bits
/// alone spread short keys poorly), and fixed forever: a model file's
/// buckets mean the same thing on every machine and in every release.
public enum FeatureHash {
    /// FNV-1a's 64-bit offset basis.
    public static let seed: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// Folds one 32-bit unit (a Unicode scalar or a UTF-8 byte) into `hash`.
    @inline(__always)
    public static func combine(_ hash: UInt64, _ unit: UInt32) -> UInt64 {
        (hash ^ UInt64(unit)) &* prime
    }

    /// MurmurHash3's finaliser: every input bit reaches every output bit.
    @inline(__always)
    public static func finish(_ hash: UInt64) -> UInt64 {
        var h = hash
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// The bucket (of `buckets`) and the sign (+1 or -1) of a finished hash.
    ///
    /// The sign is the lowest bit and the bucket comes from the others, so the
    /// two are independent: two n-grams that share a bucket cancel half the
    /// time instead of always adding up (Weinberger et al. 2009). A power of
    /// two of buckets (every default) takes a mask, which gives the same
    /// bucket as the remainder without a 64-bit division per n-gram. The
    /// bucket is below `buckets`, at most `FeatureBlock.maximumBuckets`, so it fits 32 bits.
    @inline(__always)
    public static func slot(_ finished: UInt64, buckets: Int) -> (bucket: UInt32, sign: Int32) {
        let rest = finished >> 1, count = UInt64(buckets)
        let bucket = count & (count &- 1) == 0 ? rest & (count &- 1) : rest % count
        return (UInt32(truncatingIfNeeded: bucket), finished & 1 == 0 ? 1 : -1)
    }

    /// The finished hash of a string's UTF-8 bytes (a word token). It reads
    /// the bytes in place: walking `utf8` costs several times more per byte,
    /// and every word token of a prediction is hashed.
    public static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { hash(bytes: $0) }
    }

    /// The finished hash of a sequence of bytes (a token's UTF-8, possibly lower-cased on the way).
    @inline(__always)
    static func hash(bytes: some Sequence<UInt8>) -> UInt64 {
        var h = seed
        for byte in bytes {
            h = combine(h, UInt32(byte))
        }
        return finish(h)
    }

    /// The finished hash of a word n-gram from its words' finished hashes.
    ///
    /// Combining hashes instead of joining strings keeps bigrams free of
    /// allocations; the n-gram length is folded in so that a bigram never
    /// lands where its first word does.
    @inline(__always)
    public static func hash(ngramOf wordHashes: ArraySlice<UInt64>) -> UInt64 {
        var h = combine(seed, UInt32(wordHashes.count))
        for word in wordHashes {
            h = combine(combine(h, UInt32(truncatingIfNeeded: word)), UInt32(truncatingIfNeeded: word >> 32))
        }
        return finish(h)
    }
}
