/// Inverse document frequency, as the TF-IDF hashed kinds weigh a bucket:
/// 8-bit codes are enough for a value between 1 and about 12, and 0 marks a
/// bucket pruned by its block's min-df.
public enum InverseDocumentFrequency: ColumnWeighting {
    public typealias Code = UInt8
    public static let codesKey = "idf"
    public static let scaleKey = "idf_scale"
}
