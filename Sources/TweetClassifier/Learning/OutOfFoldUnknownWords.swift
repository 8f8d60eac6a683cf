/// The unknown-word rate of training tweets as a new tweet would see it.
///
/// In-sample the rate is too low: a word that only a handful of tweets use is
/// kept (it passed `min_df`) partly because of the tweet being measured. So
/// each held-out tweet is measured against the document frequencies of the
/// other folds only: a token is unknown when fewer than `min_df` of those
/// tweets fill its column, which is what pruning would have decided without it.
enum OutOfFoldUnknownWords {
    /// The rate of each of `rows` that has tokens (rows without tokens are left out), in row order.
    static func rates(_ words: [RowWords], folds: StratifiedFolds, rows: [Int], minDF: Int) -> [Double] {
        var all: [UInt32: Int32] = [:]
        for row in words {
            for column in row.filled { all[column, default: 0] += 1 }
        }
        let wanted = Set(rows)
        var rates: [Int: Double] = [:]
        for heldOut in folds.heldOut {
            var inFold: [UInt32: Int32] = [:]
            for row in heldOut {
                for column in words[row].filled { inFold[column, default: 0] += 1 }
            }
            for row in heldOut where wanted.contains(row) && !words[row].tokens.isEmpty {
                let tokens = words[row].tokens
                let unknown = tokens.count { all[$0, default: 0] - inFold[$0, default: 0] < minDF }
                rates[row] = Double(unknown) / Double(tokens.count)
            }
        }
        return rows.compactMap { rates[$0] }
    }
}
