/// Counts a training tweet's n-grams into a table, leaving out those its
/// block's `min_df` pruned (`NgramSet`): the tweet's vector as it would be
/// over an exact vocabulary, in the hashed columns.
struct KeptNgramCounts: TermSink {
    let table: BucketCounts
    let kept: NgramSet

    /// Counts the occurrence when its n-gram is kept.
    @inline(__always)
    func give(_ ngram: UInt64, column: UInt32, sign: Int32, firstWord: Int32, lastWord: Int32) {
        if kept.contains(ngram) { table.add(column, sign) }
    }
}
