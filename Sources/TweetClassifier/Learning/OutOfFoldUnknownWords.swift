/// The unknown-word rate of training tweets as a new tweet would see it.
///
/// In-sample the rate is too low: a word that only a handful of tweets use is
/// kept (it passed `min_df`) partly because of the tweet being measured. So
/// each held-out tweet is measured against the vectorizer of its fold, fitted
/// on the other folds only: a token is unknown when that vectorizer prunes
/// its column, which is what a served tweet's token meets.
enum OutOfFoldUnknownWords {
    /// The rate of each of `rows` that has tokens (rows without tokens are
    /// left out), in row order; `tokens` are every row's token columns and
    /// `vectorizers` each fold's.
    static func rates(_ tokens: [[UInt32]], folds: StratifiedFolds, vectorizers: [HashedVectorizer], rows: [Int]) -> [Double] {
        let wanted = Set(rows)
        var rates: [Int: Double] = [:]
        for (heldOut, vectorizer) in zip(folds.heldOut, vectorizers) {
            let codes = vectorizer.quantizedIDF.codes
            for row in heldOut where wanted.contains(row) && !tokens[row].isEmpty {
                let unknown = tokens[row].count { codes[Int($0)] == 0 }
                rates[row] = Double(unknown) / Double(tokens[row].count)
            }
        }
        return rows.compactMap { rates[$0] }
    }
}
