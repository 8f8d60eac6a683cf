/// Turns a tweet into hashed n-gram occurrences, one list per feature block.
///
/// Word blocks take the tokenizer's tokens (stop words removed first, then
/// n-grams across the whole tweet, as scikit-learn's `analyzer="word"`);
/// character blocks take `CharNgrams` of each white-space word. N-grams are
/// hashed straight from their scalars or their words' hashes, so no n-gram
/// string is ever built: that is what keeps a thousand n-grams per tweet fast.
public struct HashedAnalyzer: Sendable {
    /// The blocks, in column order.
    public let blocks: [FeatureBlock]
    /// The first column of each block.
    public let offsets: [Int]
    /// The tokenizer of the word blocks.
    public let tokenizer: Tokenizer
    /// Words dropped before word n-grams are built.
    public let stopWords: Set<String>
    /// The first word block whose n-grams start at single words: where the
    /// tweet's tokens, and so its unknown words, are read (nil without one).
    public let unigramBlock: Int?

    /// Creates an analyzer; the blocks must be valid (`FeatureBlock.problem` is nil).
    public init(blocks: [FeatureBlock], tokenizer: Tokenizer, stopWords: Set<String>) {
        self.blocks = blocks
        self.offsets = blocks.reduce(into: [0]) { $0.append($0.last! + $1.buckets) }.dropLast()
        self.tokenizer = tokenizer
        self.stopWords = stopWords
        self.unigramBlock = blocks.firstIndex { $0.analyzer == .word && $0.ngramMin == 1 }
    }

    /// The number of columns of all blocks together.
    public var columnCount: Int { blocks.reduce(0) { $0 + $1.buckets } }

    /// The hashed n-grams of `text`.
    public func analyze(_ text: String) -> HashedDocument {
        var text = text
        return text.withUTF8 { bytes in
            let spans = WhitespaceWords.spans(bytes)
            var wordTokens = 0
            let terms = blocks.indices.map { index in
                let block = blocks[index]
                let offset = UInt32(offsets[index])
                switch block.analyzer {
                case .word:
                    let (terms, tokens) = wordTerms(bytes, spans, block, offset)
                    if index == unigramBlock { wordTokens = tokens }
                    return terms
                case .charWB:
                    return characterTerms(bytes, spans, block, offset)
                }
            }
            return HashedDocument(wordSpans: spans, blocks: terms, wordTokens: wordTokens)
        }
    }

    /// The block's n-grams, shortest first, and the number of tokens they were built from.
    private func wordTerms(
        _ bytes: UnsafeBufferPointer<UInt8>, _ spans: [Range<Int>], _ block: FeatureBlock, _ offset: UInt32
    ) -> (terms: [HashedTerm], tokens: Int) {
        var hashes: [UInt64] = []
        var words: [Int32] = []
        for (word, span) in spans.enumerated() {
            for token in tokenizer.tokens(inUTF8: UnsafeBufferPointer(rebasing: bytes[span]))
            where token.kind != .word || !stopWords.contains(token.text) {
                hashes.append(FeatureHash.hash(token.text))
                words.append(Int32(word))
            }
        }
        var terms: [HashedTerm] = []
        terms.reserveCapacity(hashes.count * (block.ngramMax - block.ngramMin + 1))
        for n in block.ngramMin...block.ngramMax where n <= hashes.count {
            for start in 0...(hashes.count - n) {
                let (bucket, sign) = FeatureHash.slot(FeatureHash.hash(ngramOf: hashes[start..<start + n]), buckets: block.buckets)
                terms.append(HashedTerm(column: offset + bucket, sign: sign, firstWord: words[start], lastWord: words[start + n - 1]))
            }
        }
        return (terms, hashes.count)
    }

    private func characterTerms(_ bytes: UnsafeBufferPointer<UInt8>, _ spans: [Range<Int>], _ block: FeatureBlock, _ offset: UInt32) -> [HashedTerm] {
        var terms: [HashedTerm] = []
        terms.reserveCapacity(bytes.count * (block.ngramMax - block.ngramMin + 1) + 8)
        for (word, span) in spans.enumerated() {
            let padded = CharNgrams.paddedScalars(bytes, span)
            padded.withUnsafeBufferPointer { scalars in
                CharNgrams.forEachWindow(count: scalars.count, range: block.ngramMin...block.ngramMax) { start, length in
                    var hash = FeatureHash.seed
                    for k in start..<start + length {
                        hash = FeatureHash.combine(hash, scalars[k])
                    }
                    let (bucket, sign) = FeatureHash.slot(FeatureHash.finish(hash), buckets: block.buckets)
                    terms.append(HashedTerm(column: offset + bucket, sign: sign, firstWord: Int32(word), lastWord: Int32(word)))
                }
            }
        }
        return terms
    }
}
