/// Where `HashedAnalyzer` gives a block's n-gram occurrences, one at a time:
/// a counts table (prediction and training), training's document
/// frequencies of n-grams, or an explanation's list of terms.
///
/// A protocol rather than a closure so that the analyzer's loops are
/// specialised for each sink and the thousand calls per tweet are inlined.
protocol TermSink {
    /// One n-gram occurrence: its finished hash (the n-gram's identity, which
    /// training's document frequencies count), its column and sign, and the
    /// first and last white-space words of the tweet it comes from.
    mutating func give(_ ngram: UInt64, column: UInt32, sign: Int32, firstWord: Int32, lastWord: Int32)
}

extension Array: TermSink where Element == HashedTerm {
    /// Keeps the occurrence with its words (what an explanation needs).
    mutating func give(_ ngram: UInt64, column: UInt32, sign: Int32, firstWord: Int32, lastWord: Int32) {
        append(HashedTerm(column: column, sign: sign, firstWord: firstWord, lastWord: lastWord))
    }
}
