/// The classifier's answer about a tweet's author.
///
/// An enum rather than a bare `Int`, so that a count, a metric or a confusion
/// matrix can never meet a third value; on the wire and in model files it is
/// the course's `0`/`1` (its raw value).
public enum Label: Int, Codable, Sendable, CaseIterable {
    /// The author is predicted not to be American (`0`).
    case notAmerican = 0
    /// The author is predicted to be American (`1`).
    case american = 1

    /// The label a probability of "American" stands for: above one half is American.
    public init(probability: Double) {
        self = probability > 0.5 ? .american : .notAmerican
    }
}
