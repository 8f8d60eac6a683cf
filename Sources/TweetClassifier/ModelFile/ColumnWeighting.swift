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
