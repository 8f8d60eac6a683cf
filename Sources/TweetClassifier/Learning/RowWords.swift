/// The word-unigram block of one training tweet: the columns its tokens fall
/// in (in order, with repeats) and every distinct column of the block it fills
/// (what the block's document frequencies, and so its pruning, count).
public struct RowWords: Sendable {
    /// The column of each token.
    public let tokens: [UInt32]
    /// The distinct columns of the block the tweet fills (unigrams and longer n-grams).
    public let filled: [UInt32]
}

extension RowWords {
    /// The tokens' columns and the filled columns of the block at `block` of a tweet's counts.
    init(tokens: [UInt32], _ counts: DocumentCounts, block: Int) {
        self.tokens = tokens
        let start = block == 0 ? 0 : counts.blockEnds[block - 1]
        filled = Array(counts.columns[start..<counts.blockEnds[block]])
    }
}
