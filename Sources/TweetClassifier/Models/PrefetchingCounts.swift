/// The prediction path's counts table: counts each n-gram occurrence as
/// `BucketCounts` does, and first asks for its column's codes to be loaded
/// into the cache.
///
/// The codes of 1.6 million columns fill 6 MB, so reading those of a tweet's
/// 500 columns missed the cache nearly every time: a third of a prediction.
/// Prefetched while the analyzer goes on hashing the next n-grams, they are
/// there when the counts are weighed (15 % less time per tweet, measured).
/// Loading them with plain reads at that point instead was slower: each
/// missing read holds up the instructions after it.
struct PrefetchingCounts: TermSink {
    /// The signed counts.
    let table: BucketCounts
    let columns: ColumnCodes

    /// Prefetches the column's codes, then counts the occurrence.
    @inline(__always)
    func give(_ ngram: UInt64, column: UInt32, sign: Int32, firstWord: Int32, lastWord: Int32) {
        columns.prefetch(column)
        table.add(column, sign)
    }
}
