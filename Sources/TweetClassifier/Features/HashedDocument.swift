/// A tweet analysed into hashed n-grams, block by block, with the words they
/// came from.
public struct HashedDocument: Sendable {
    /// The UTF-8 byte range of each white-space word of the tweet, in order
    /// (an explanation turns them back into words; prediction never has to).
    public var wordSpans: [Range<Int>]
    /// The n-gram occurrences of each block, in the block order of the analyzer.
    public var blocks: [[HashedTerm]]
    /// The tokens of the word-unigram block (`HashedAnalyzer.unigramBlock`):
    /// the first `wordTokens` terms of that block are its single words, in
    /// order. 0 when the analyzer has no such block.
    public var wordTokens: Int
}
