/// The answer of `GET /version`; the model fields are `null` (never absent)
/// while no model is loaded, so clients can rely on the keys.
public struct VersionAnswer: Codable, Sendable, Equatable {
    /// The code version.
    public var version: String
    /// The source revision the binary was built from, when known.
    public var revision: String?
    /// When the serving model was trained.
    public var modelDate: String?
    /// Hex SHA-256 of the serving model file.
    public var modelSHA256: String?
    /// The serving model's kind.
    public var modelKind: String?

    /// Creates an answer.
    public init(version: String, revision: String?, modelDate: String?, modelSHA256: String?, modelKind: String?) {
        self.version = version
        self.revision = revision
        self.modelDate = modelDate
        self.modelSHA256 = modelSHA256
        self.modelKind = modelKind
    }

    enum CodingKeys: String, CodingKey {
        case version, revision
        case modelDate = "model_date"
        case modelSHA256 = "model_sha256"
        case modelKind = "model_kind"
    }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(revision, forKey: .revision)
        try container.encode(modelDate, forKey: .modelDate)
        try container.encode(modelSHA256, forKey: .modelSHA256)
        try container.encode(modelKind, forKey: .modelKind)
    }
}
