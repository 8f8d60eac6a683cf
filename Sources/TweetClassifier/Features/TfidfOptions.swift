/// How raw term counts are weighted.
///
/// With every flag off the features are plain Bag-of-Words counts; the
/// defaults match scikit-learn's `TfidfTransformer()` (smooth idf, L2 norm).
public struct TfidfOptions: Codable, Sendable, Equatable {
    /// Multiply by the inverse document frequency `ln((1+n)/(1+df)) + 1`.
    public var useIdf: Bool
    /// Replace a count `tf` by `1 + ln(tf)`.
    public var sublinearTF: Bool
    /// Scale each vector to unit Euclidean length.
    public var l2Normalize: Bool

    /// Creates options with every flag explicit.
    public init(useIdf: Bool = true, sublinearTF: Bool = false, l2Normalize: Bool = true) {
        self.useIdf = useIdf
        self.sublinearTF = sublinearTF
        self.l2Normalize = l2Normalize
    }

    enum CodingKeys: String, CodingKey {
        case useIdf = "use_idf"
        case sublinearTF = "sublinear_tf"
        case l2Normalize = "l2_normalize"
    }
}
