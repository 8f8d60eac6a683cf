/// The answer of `POST /api/american`: exactly the course's three fields.
struct PredictionAnswer: Encodable {
    let isAmerican: Int
    let version: String
    let modelDate: String

    enum CodingKeys: String, CodingKey {
        case version
        case isAmerican = "is_american"
        case modelDate = "model_date"
    }
}

/// The answer of `POST /api/american/batch`.
struct BatchAnswer: Encodable {
    let predictions: [Int]
    let version: String
    let modelDate: String

    enum CodingKeys: String, CodingKey {
        case predictions, version
        case modelDate = "model_date"
    }
}

/// The answer of `POST /api/american/explain`.
struct ExplainAnswer: Encodable {
    struct Term: Encodable {
        let token: String
        let contribution: Double
    }

    let isAmerican: Int
    let probability: Double
    let tokens: [Term]
    let version: String
    let modelDate: String
    let modelKind: String

    enum CodingKeys: String, CodingKey {
        case probability, tokens, version
        case isAmerican = "is_american"
        case modelDate = "model_date"
        case modelKind = "model_kind"
    }
}

/// The answer of `GET /version`; model fields are null while none is loaded.
struct VersionAnswer: Encodable {
    let version: String
    let revision: String?
    let modelDate: String?
    let modelSHA256: String?
    let modelKind: String?

    enum CodingKeys: String, CodingKey {
        case version, revision
        case modelDate = "model_date"
        case modelSHA256 = "model_sha256"
        case modelKind = "model_kind"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(revision, forKey: .revision)
        try container.encode(modelDate, forKey: .modelDate)
        try container.encode(modelSHA256, forKey: .modelSHA256)
        try container.encode(modelKind, forKey: .modelKind)
    }
}
