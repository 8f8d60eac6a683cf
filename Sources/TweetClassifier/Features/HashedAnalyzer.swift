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

    /// The hashed n-grams of `text`, with the words each came from (what an explanation needs).
    public func analyze(_ text: String) -> HashedDocument {
        var text = text
        return text.withUTF8 { bytes in
            let spans = WhitespaceWords.spans(bytes)
            var scratch = Scratch()
            var wordTokens = 0
            let terms = blocks.indices.map { index in
                var terms: [HashedTerm] = []
                let tokens = forEachTerm(of: index, bytes, spans, &scratch) { column, sign, firstWord, lastWord in
                    terms.append(HashedTerm(column: column, sign: sign, firstWord: firstWord, lastWord: lastWord))
                }
                if index == unigramBlock { wordTokens = tokens }
                return terms
            }
            return HashedDocument(wordSpans: spans, blocks: terms, wordTokens: wordTokens)
        }
    }

    /// The signed count of every column `text` fills, block after block:
    /// exactly `DocumentCounts(analyze(text))`, without the per-term words
    /// and arrays an explanation needs (the path prediction and training take).
    /// `eachToken` gets the column of each word token of the unigram block, in order.
    func counts(_ text: String, eachToken: (UInt32) -> Void = { _ in }) -> DocumentCounts {
        var text = text
        return text.withUTF8 { bytes in
            let spans = WhitespaceWords.spans(bytes)
            var scratch = Scratch()
            var counts = DocumentCounts()
            var occurrences: [BucketCounts.Occurrence] = []
            occurrences.reserveCapacity(4 * bytes.count + 16)
            for index in blocks.indices {
                occurrences.removeAll(keepingCapacity: true)
                let tokens = forEachTerm(of: index, bytes, spans, &scratch) { column, sign, _, _ in
                    occurrences.append(BucketCounts.Occurrence(column: column, sign: sign))
                }
                if index == unigramBlock {
                    // Unigrams come first: the block's first `tokens` n-grams are its single words.
                    for occurrence in occurrences.prefix(tokens) { eachToken(occurrence.column) }
                }
                counts.appendBlock(occurrences)
            }
            return counts
        }
    }

    /// Buffers reused across the words and blocks of one tweet.
    private struct Scratch {
        /// The padded scalars of the current word.
        var scalars: [UInt32] = []
        /// The finished hash of each n-gram of the current word, at `(length - 1) * count + start`.
        var prefixHashes: [UInt64] = []
    }

    /// The counts of `text` and the statistics of its word tokens, a token
    /// being unknown when `isPruned` says its column was pruned in training
    /// (nil without a word-unigram block).
    func assess(_ text: String, isPruned: (UInt32) -> Bool) -> (counts: DocumentCounts, input: InputStatistics?) {
        var input = InputStatistics(tokens: 0, unknown: 0)
        let counts = counts(text) { column in
            input.tokens += 1
            if isPruned(column) { input.unknown += 1 }
        }
        return (counts, unigramBlock == nil ? nil : input)
    }

    /// The statistics of an analysed tweet's word tokens, as `assess` counts them.
    func statistics(_ document: HashedDocument, isPruned: (UInt32) -> Bool) -> InputStatistics? {
        guard let block = unigramBlock else { return nil }
        let unknown = document.blocks[block].prefix(document.wordTokens).count { isPruned($0.column) }
        return InputStatistics(tokens: document.wordTokens, unknown: unknown)
    }

    /// Calls `body(column, sign, firstWord, lastWord)` for every n-gram of block
    /// `index`, in scikit-learn's order; returns the tokens a word block's n-grams were built from (0 for characters).
    @discardableResult
    @inline(__always)
    private func forEachTerm(
        of index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ spans: [Range<Int>], _ scratch: inout Scratch,
        _ body: (UInt32, Int32, Int32, Int32) -> Void
    ) -> Int {
        let block = blocks[index]
        let offset = UInt32(offsets[index])
        switch block.analyzer {
        case .word:
            return forEachWordTerm(bytes, spans, block) { bucket, sign, first, last in body(offset + bucket, sign, first, last) }
        case .charWB:
            forEachCharacterTerm(bytes, spans, block, &scratch) { bucket, sign, word in body(offset + bucket, sign, word, word) }
            return 0
        }
    }

    /// The word n-grams, shortest first; returns the number of tokens.
    @inline(__always)
    private func forEachWordTerm(
        _ bytes: UnsafeBufferPointer<UInt8>, _ spans: [Range<Int>], _ block: FeatureBlock, _ body: (UInt32, Int32, Int32, Int32) -> Void
    ) -> Int {
        var hashes: [UInt64] = []
        var words: [Int32] = []
        for (word, span) in spans.enumerated() {
            for token in tokenizer.tokens(inUTF8: UnsafeBufferPointer(rebasing: bytes[span]))
            where token.kind != .word || !stopWords.contains(token.text) {
                hashes.append(FeatureHash.hash(token.text))
                words.append(Int32(word))
            }
        }
        for n in block.ngramMin...block.ngramMax where n <= hashes.count {
            for start in 0...(hashes.count - n) {
                let (bucket, sign) = FeatureHash.slot(FeatureHash.hash(ngramOf: hashes[start..<start + n]), buckets: block.buckets)
                body(bucket, sign, words[start], words[start + n - 1])
            }
        }
        return hashes.count
    }

    /// The character n-grams of each word. Each n-gram's FNV hash extends the
    /// hash of the n-gram one scalar shorter at the same start, so a word's
    /// hashes are computed once per start and length (5 steps per start for
    /// 2-5-grams instead of 14), then given out in scikit-learn's order.
    @inline(__always)
    private func forEachCharacterTerm(
        _ bytes: UnsafeBufferPointer<UInt8>, _ spans: [Range<Int>], _ block: FeatureBlock, _ scratch: inout Scratch,
        _ body: (UInt32, Int32, Int32) -> Void
    ) {
        let (shortest, longest, buckets) = (block.ngramMin, block.ngramMax, block.buckets)
        for (word, span) in spans.enumerated() {
            CharNgrams.paddedScalars(bytes, span, into: &scratch.scalars)
            let count = scratch.scalars.count
            let lengths = min(longest, count)
            if scratch.prefixHashes.count < lengths * count {
                scratch.prefixHashes.append(contentsOf: repeatElement(0, count: lengths * count - scratch.prefixHashes.count))
            }
            scratch.scalars.withUnsafeBufferPointer { scalars in
                scratch.prefixHashes.withUnsafeMutableBufferPointer { prefix in
                    for start in 0..<count {
                        var hash = FeatureHash.seed
                        for length in 1...min(lengths, count - start) {
                            hash = FeatureHash.combine(hash, scalars[start + length - 1])
                            if length >= shortest || length == count {
                                prefix[(length - 1) * count + start] = FeatureHash.finish(hash)
                            }
                        }
                    }
                }
            }
            scratch.prefixHashes.withUnsafeBufferPointer { prefix in
                CharNgrams.forEachWindow(count: count, range: shortest...longest) { start, length in
                    let (bucket, sign) = FeatureHash.slot(prefix[(length - 1) * count + start], buckets: buckets)
                    body(bucket, sign, Int32(word))
                }
            }
        }
    }
}
