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
                terms.reserveCapacity(prepare(index, bytes, spans, &scratch))
                give(index, scratch, to: &terms)
                if index == unigramBlock { wordTokens = scratch.tokenHashes.count }
                return terms
            }
            return HashedDocument(wordSpans: spans, blocks: terms, wordTokens: wordTokens)
        }
    }

    /// The signed count of every column `text` fills, block after block:
    /// exactly `DocumentCounts(analyze(text))`, without the per-term words
    /// and arrays an explanation needs (the path training takes). With
    /// `kept` (one set per block), only the n-grams in their block's set are
    /// counted: a training tweet's vector over the n-grams `min_df` kept.
    /// `eachToken` gets the column of each word token of the unigram block, in order.
    func counts(_ text: String, keeping kept: [NgramSet]? = nil, eachToken: (UInt32) -> Void = { _ in }) -> DocumentCounts {
        var counts = DocumentCounts()
        if let kept {
            forEachBlock(text, sink: { KeptNgramCounts(table: BucketCounts(expected: $1), kept: kept[$0]) }, eachToken: eachToken) {
                counts.appendBlock($1.table)
            }
        } else {
            forEachBlock(text, sink: { BucketCounts(expected: $1) }, eachToken: eachToken) { counts.appendBlock($1) }
        }
        return counts
    }

    /// Counts each n-gram of `text` once in its block's table of `frequencies`
    /// (a new document of each): what a block's `min_df` is decided on.
    func countDocumentFrequencies(_ text: String, into frequencies: [NgramFrequencies]) {
        for table in frequencies { table.startDocument() }
        forEachBlock(text, sink: { block, _ in frequencies[block] }, eachToken: { _ in }) { _, _ in }
    }

    /// Gives every n-gram of each block of `text` to the sink `makeSink(block,
    /// n-grams in the block)` makes for it, then calls `body(block, sink)`:
    /// a counts table for training (`counts`), frequencies for `min_df`, or
    /// the prediction path's `PrefetchingCounts`.
    /// `eachToken` gets the column of each word token of the unigram block, in order.
    @inline(__always)
    func forEachBlock<Sink: TermSink>(
        _ text: String, sink makeSink: (_ block: Int, _ ngrams: Int) -> Sink, eachToken: (UInt32) -> Void, _ body: (Int, Sink) -> Void
    ) {
        var text = text
        text.withUTF8 { bytes in
            let spans = WhitespaceWords.spans(bytes)
            var scratch = Scratch()
            for index in blocks.indices {
                var sink = makeSink(index, prepare(index, bytes, spans, &scratch))
                give(index, scratch, to: &sink)
                if index == unigramBlock {
                    let (buckets, offset) = (blocks[index].buckets, UInt32(offsets[index]))
                    for k in scratch.tokenHashes.indices {
                        eachToken(offset + FeatureHash.slot(FeatureHash.hash(ngramOf: scratch.tokenHashes[k...k]), buckets: buckets).bucket)
                    }
                }
                body(index, sink)
            }
        }
    }

    /// What one block of a tweet is cut from, reused across the blocks of a tweet.
    private struct Scratch {
        /// Word blocks: the hash of each token (stop words removed) and the
        /// white-space word it is in.
        var tokenHashes: [UInt64] = []
        var tokenWords: [Int32] = []
        /// Character blocks: the padded scalars of every word, one after the
        /// other, and where each word's scalars end.
        var scalars: [UInt32] = []
        var wordEnds: [Int] = []
    }

    /// The statistics of an analysed tweet's word tokens, as `HashedScorer.assess` counts them.
    func statistics(_ document: HashedDocument, isPruned: (UInt32) -> Bool) -> InputStatistics? {
        guard let block = unigramBlock else { return nil }
        let unknown = document.blocks[block].prefix(document.wordTokens).count { isPruned($0.column) }
        return InputStatistics(tokens: document.wordTokens, unknown: unknown)
    }

    /// Cuts block `index` of a tweet into `scratch` (its tokens, or its
    /// words' padded scalars); returns how many n-grams `give` will give.
    private func prepare(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ spans: [Range<Int>], _ scratch: inout Scratch) -> Int {
        let block = blocks[index]
        let lengths = block.ngramMin...block.ngramMax
        switch block.analyzer {
        case .word:
            scratch.tokenHashes.removeAll(keepingCapacity: true)
            scratch.tokenWords.removeAll(keepingCapacity: true)
            // A token has at least two bytes: room for all of them, so the arrays never grow.
            scratch.tokenHashes.reserveCapacity(bytes.count / 2)
            scratch.tokenWords.reserveCapacity(bytes.count / 2)
            for (word, span) in spans.enumerated() {
                tokenizer.forEachTokenText(inUTF8: UnsafeBufferPointer(rebasing: bytes[span])) { text, kind in
                    guard kind != .word || stopWords.isEmpty || !stopWords.contains(text.string) else { return }
                    scratch.tokenHashes.append(text.featureHash)
                    scratch.tokenWords.append(Int32(word))
                }
            }
            return lengths.reduce(0) { $0 + max(0, scratch.tokenHashes.count - $1 + 1) }
        case .charWB:
            scratch.scalars.removeAll(keepingCapacity: true)
            scratch.scalars.reserveCapacity(bytes.count + 2 * spans.count)
            scratch.wordEnds.removeAll(keepingCapacity: true)
            scratch.wordEnds.reserveCapacity(spans.count)
            var terms = 0
            for span in spans {
                let start = scratch.scalars.count
                CharNgrams.appendPaddedScalars(bytes, span, to: &scratch.scalars)
                scratch.wordEnds.append(scratch.scalars.count)
                terms += CharNgrams.windowCount(count: scratch.scalars.count - start, range: lengths)
            }
            return terms
        }
    }

    /// Gives every n-gram of block `index`, prepared in `scratch`, to `sink`
    /// in scikit-learn's order.
    @inline(__always)
    private func give<Sink: TermSink>(_ index: Int, _ scratch: Scratch, to sink: inout Sink) {
        let block = blocks[index]
        let offset = UInt32(offsets[index])
        switch block.analyzer {
        case .word:
            giveWordTerms(block, offset, scratch, to: &sink)
        case .charWB:
            giveCharacterTerms(block, offset, scratch, to: &sink)
        }
    }

    /// The word n-grams, shortest first.
    @inline(__always)
    private func giveWordTerms<Sink: TermSink>(_ block: FeatureBlock, _ offset: UInt32, _ scratch: Scratch, to sink: inout Sink) {
        let (hashes, words) = (scratch.tokenHashes, scratch.tokenWords)
        for n in block.ngramMin...block.ngramMax where n <= hashes.count {
            for start in 0...(hashes.count - n) {
                let ngram = FeatureHash.hash(ngramOf: hashes[start..<start + n])
                let (bucket, sign) = FeatureHash.slot(ngram, buckets: block.buckets)
                sink.give(ngram, column: offset + bucket, sign: sign, firstWord: words[start], lastWord: words[start + n - 1])
            }
        }
    }

    /// The character n-grams of each word. Each n-gram's FNV hash extends the
    /// hash of the n-gram one scalar shorter at the same start, so a word's
    /// hashes are computed once per start and length (5 steps per start for
    /// 2-5-grams instead of 14), then given out in scikit-learn's order.
    /// Indices use wrapping arithmetic: they are bounded by the word's
    /// length, and this loop runs once per n-gram of every prediction.
    @inline(__always)
    private func giveCharacterTerms<Sink: TermSink>(_ block: FeatureBlock, _ offset: UInt32, _ scratch: Scratch, to sink: inout Sink) {
        let (shortest, longest, buckets) = (block.ngramMin, block.ngramMax, block.buckets)
        // The finished hash of each n-gram of the current word, at `(length - 1) * count + start`.
        var prefixHashes: [UInt64] = []
        var wordStart = 0
        for (word, wordEnd) in scratch.wordEnds.enumerated() {
            let count = wordEnd - wordStart
            let lengths = min(longest, count)
            if prefixHashes.count < lengths * count {
                prefixHashes.append(contentsOf: repeatElement(0, count: lengths * count - prefixHashes.count))
            }
            scratch.scalars.withUnsafeBufferPointer { all in
                let scalars = all.baseAddress! + wordStart
                prefixHashes.withUnsafeMutableBufferPointer { buffer in
                    let prefix = buffer.baseAddress!
                    for start in 0..<count {
                        var hash = FeatureHash.seed
                        var length = 1
                        let last = min(lengths, count &- start)
                        while length <= last {
                            hash = FeatureHash.combine(hash, scalars[start &+ length &- 1])
                            if length >= shortest || length == count {
                                prefix[(length &- 1) &* count &+ start] = FeatureHash.finish(hash)
                            }
                            length &+= 1
                        }
                    }
                    CharNgrams.forEachWindow(count: count, range: shortest...longest) { start, length in
                        let ngram = prefix[(length &- 1) &* count &+ start]
                        let (bucket, sign) = FeatureHash.slot(ngram, buckets: buckets)
                        sink.give(ngram, column: offset &+ bucket, sign: sign, firstWord: Int32(truncatingIfNeeded: word), lastWord: Int32(truncatingIfNeeded: word))
                    }
                }
            }
            wordStart = wordEnd
        }
    }
}
