/// Gives the share of each hashed column in a verdict back to the words of
/// the tweet, so that an explanation still reads as words.
///
/// A column's share `xⱼ·wⱼ` is split over the n-gram occurrences in it in
/// proportion to their signed counts (so colliding n-grams each get theirs);
/// a character n-gram's part goes to its word, a word n-gram's part is split
/// evenly over the words it spans. The shares of a word repeated in the
/// tweet are added up. The words' contributions sum to the logit minus the
/// intercept, as the terms' did for the vocabulary kinds.
enum WordAttribution {
    /// Each word's contribution, strongest first; a word is its white-space
    /// word lower-cased, without leading or trailing punctuation.
    static func contributions(
        text: String, document: HashedDocument, counts: DocumentCounts, columnShares: [(column: Int32, value: Double)]
    ) -> [TermContribution] {
        var share: [UInt32: Double] = [:]
        for (column, value) in columnShares { share[UInt32(column)] = value }
        var signedCount: [UInt32: Int32] = [:]
        for (column, count) in zip(counts.columns, counts.counts) { signedCount[column] = count }
        var perWord = [Double](repeating: 0, count: document.wordSpans.count)
        for terms in document.blocks {
            for term in terms {
                guard let value = share[term.column], let count = signedCount[term.column] else { continue }
                let part = value * Double(term.sign) / Double(count)
                let words = term.firstWord...term.lastWord
                for word in words {
                    perWord[Int(word)] += part / Double(words.count)
                }
            }
        }
        let words = Self.words(text, document.wordSpans)
        var order: [String] = []
        var total: [String: Double] = [:]
        for (word, value) in zip(words, perWord) where value != 0 {
            if total[word] == nil { order.append(word) }
            total[word, default: 0] += value
        }
        return order.map { TermContribution(term: $0, contribution: total[$0]!) }
            .sorted { abs($0.contribution) > abs($1.contribution) }
    }

    /// The lower-cased words at `spans`, trimmed of punctuation around them
    /// (kept whole when nothing else is left, e.g. an emoji).
    static func words(_ text: String, _ spans: [Range<Int>]) -> [String] {
        let utf8 = Array(text.utf8)
        return spans.map { span in
            let word = String(decoding: utf8[span], as: UTF8.self).lowercased()
            let scalars = word.unicodeScalars
            let keep = { (scalar: Unicode.Scalar) in Tokenizer.isWordScalar(scalar) }
            guard let first = scalars.firstIndex(where: { keep($0) || $0 == "#" || $0 == "@" }),
                  let last = scalars.lastIndex(where: keep), first <= last else { return word }
            return String(scalars[first...last])
        }
    }
}
