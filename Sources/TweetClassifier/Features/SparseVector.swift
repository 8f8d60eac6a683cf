/// A sparse feature vector: sorted, distinct column indices and their values.
///
/// A tweet has a few dozen terms out of tens of thousands, so every model
/// works on these instead of dense rows.
public struct SparseVector: Sendable, Equatable {
    /// Column indices in increasing order, without repeats.
    public var indices: [Int32]
    /// The value of each index, same length as `indices`.
    public var values: [Double]

    /// Creates a vector; the caller guarantees sorted, distinct indices.
    public init(indices: [Int32], values: [Double]) {
        self.indices = indices
        self.values = values
    }

    /// The dot product with a dense weight vector.
    @inline(__always)
    public func dot(_ weights: [Double]) -> Double {
        var sum = 0.0
        for k in indices.indices {
            sum += values[k] * weights[Int(indices[k])]
        }
        return sum
    }
}
