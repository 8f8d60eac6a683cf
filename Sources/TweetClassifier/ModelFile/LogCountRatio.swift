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
