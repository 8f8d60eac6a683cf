/// What answered a request: the code version and the model's date.
///
/// A rollout changes one or both; keeping them as two fields (rather than one
/// joined string) lets a watch match either without parsing.
public struct ServedBy: Sendable, Hashable, CustomStringConvertible {
    /// The `version` field of the answer.
    public let version: String
    /// The `model_date` field of the answer.
    public let modelDate: String

    /// Creates a served-by record.
    public init(version: String, modelDate: String) {
        self.version = version
        self.modelDate = modelDate
    }

    /// Whether `name` is this version or this model date (what `--until-version` accepts).
    public func matches(_ name: String) -> Bool {
        version == name || modelDate == name
    }

    /// `version (model model_date)`, as the watch prints it.
    public var description: String { "\(version) (model \(modelDate))" }
}
