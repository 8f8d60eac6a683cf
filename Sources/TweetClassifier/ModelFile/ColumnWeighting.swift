/// What a hashed model multiplies each bucket's feature by before the dot
/// product, and how the model file stores it.
///
/// The TF-IDF kinds and NB-SVM share every other parameter (C, weights,
/// intercept, calibration); this is the one place they differ, so it is the
/// type parameter of `HashedParameters` rather than a second copy of it.
public protocol ColumnWeighting: Sendable {
    /// The integer code one bucket's value is stored as.
    associatedtype Code: FixedWidthInteger & Sendable
    /// The JSON key of the codes.
    static var codesKey: String { get }
    /// The JSON key of the codes' scale.
    static var scaleKey: String { get }
}

/// Inverse document frequency, as the TF-IDF hashed kinds weigh a bucket:
/// 8-bit codes are enough for a value between 1 and about 12, and 0 marks a
/// bucket pruned by its block's min-df.
public enum InverseDocumentFrequency: ColumnWeighting {
    public typealias Code = UInt8
    public static let codesKey = "idf"
    public static let scaleKey = "idf_scale"
}

/// The log-count ratio of NB-SVM (Wang & Manning 2012), signed, so stored as
/// 16-bit codes; 0 marks a pruned bucket.
///
/// The ratios depend on the labels, so cross-validation fits them on each
/// fold's training rows only.
public enum LogCountRatio: ColumnWeighting {
    public typealias Code = Int16
    public static let codesKey = "ratios"
    public static let scaleKey = "ratio_scale"
}
