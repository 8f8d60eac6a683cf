/// Deterministic stratified K-fold splits.
///
/// Each stratum's rows (a class, or a class within one training source) are
/// shuffled by a seeded generator and dealt round-robin into the folds, so
/// every fold keeps the balance, every row is held out exactly once, and the
/// same rows and seed always give the same folds.
public struct StratifiedFolds: Sendable, Equatable {
    /// The held-out rows of each fold, in increasing order.
    public let heldOut: [[Int]]

    /// Splits the rows `0..<labels.count` into `k` folds (k ≥ 2), stratified by label.
    public init(labels: [Label], k: Int, seed: UInt64 = 42) {
        self.init(strata: labels.map(\.rawValue), k: k, seed: seed)
    }

    /// Splits the rows `0..<strata.count` into `k` folds (k ≥ 2), stratified by the given stratum of each row.
    public init(strata: [Int], k: Int, seed: UInt64 = 42) {
        var generator = SplitMix64(seed: seed)
        var folds = [[Int]](repeating: [], count: k)
        var dealt = 0
        for stratum in Set(strata).sorted() {
            var rows = strata.indices.filter { strata[$0] == stratum }
            generator.shuffle(&rows)
            for row in rows {
                folds[dealt % k].append(row)
                dealt += 1
            }
        }
        heldOut = folds.map { $0.sorted() }
    }

    /// The rows fold `fold` trains on: every row not held out by it.
    public func training(_ fold: Int, rowCount: Int) -> [Int] {
        var held = [Bool](repeating: false, count: rowCount)
        for row in heldOut[fold] { held[row] = true }
        return (0..<rowCount).filter { !held[$0] }
    }
}
