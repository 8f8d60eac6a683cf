extension Array where Element == Double {
    /// Divides the values from `start` on by their L2 norm (left as they are
    /// when all are 0): a TF-IDF row, or one block of a hashed row, is
    /// normalised on its own this way.
    mutating func normalizeL2(from start: Int = 0) {
        let norm = self[start...].reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return }
        for k in start..<count {
            self[k] /= norm
        }
    }
}
