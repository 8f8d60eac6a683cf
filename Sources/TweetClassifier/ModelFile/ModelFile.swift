import Foundation

/// The portable, versioned model: one JSON document (`*.model.json`) that
/// holds data only — settings, vocabulary, weights and metadata — so that
/// loading a model can never run code (the reason we do not use pickle).
///
/// `decode` validates everything before a model is used: an unknown format
/// version, a missing field, mismatched lengths, or a NaN or infinite weight
/// are each refused with a message that names them.
public struct ModelFile: Codable, Sendable, Equatable {
    /// The format this build writes and reads.
    public static let currentFormatVersion = 1

    /// Bounds that keep every score finite: a real idf is `ln(n) + 1` (about 20
    /// for a billion tweets) and trained weights stay far below the limit, so
    /// only a crafted file is refused, before it could overflow a prediction.
    public static let maximumIDF = 100.0
    public static let maximumWeight = 1e6

    public var formatVersion: Int
    public var hyperparameters: Hyperparameters
    /// Terms in column order.
    public var vocabulary: [String]
    /// Inverse document frequency per column.
    public var idf: [Double]
    /// The fitted parameters, whose case is the file's `kind`.
    public var model: LinearModel
    public var metadata: ModelMetadata

    /// Creates a file in the current format.
    public init(
        model: LinearModel, hyperparameters: Hyperparameters, vocabulary: [String], idf: [Double], metadata: ModelMetadata
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.model = model
        self.hyperparameters = hyperparameters
        self.vocabulary = vocabulary
        self.idf = idf
        self.metadata = metadata
    }

    /// The model kind, as the file's `kind` field names it.
    public var kind: ModelKind { model.kind }

    /// The JSON bytes of this model (keys sorted, so equal models give equal files).
    public func encoded() throws -> Data {
        try JSONEncoder.stable.encode(self)
    }

    /// Parses and validates a model file.
    public static func decode(_ data: Data) throws(ModelFileError) -> ModelFile {
        let file = try parse(data)
        try file.validate()
        return file
    }

    /// Parses a model file, checking its format version and JSON shape only
    /// (`TweetModel(modelData:)` validates the rest once, while building).
    static func parse(_ data: Data) throws(ModelFileError) -> ModelFile {
        let decoder = JSONDecoder()
        let probe: FormatProbe
        do {
            probe = try decoder.decode(FormatProbe.self, from: data)
        } catch {
            throw describe(error)
        }
        guard probe.formatVersion == currentFormatVersion else {
            throw .unsupportedFormatVersion(probe.formatVersion)
        }
        do {
            return try decoder.decode(ModelFile.self, from: data)
        } catch {
            throw describe(error)
        }
    }

    /// Checks what JSON decoding cannot: lengths agree and numbers are finite.
    /// Returns the vocabulary it built to look for duplicates, so that a model
    /// being loaded does not build it twice.
    @discardableResult
    public func validate() throws(ModelFileError) -> Vocabulary {
        let n = vocabulary.count
        guard n > 0 else { throw .invalid("the vocabulary is empty") }
        let index = Vocabulary(terms: vocabulary)
        guard index.hasDuplicates == false else {
            throw .invalid("the vocabulary has duplicate terms")
        }
        try Self.check("idf", idf, count: n)
        guard idf.allSatisfy({ $0 > 0 && $0 <= Self.maximumIDF }) else {
            throw .invalid("idf values must be positive and at most \(Self.maximumIDF)")
        }
        guard (1...5).contains(hyperparameters.ngramMax) else {
            throw .invalid("ngram_max must be between 1 and 5, not \(hyperparameters.ngramMax)")
        }
        guard ISO8601DateFormatter().date(from: metadata.modelDate) != nil else {
            throw .invalid("metadata.model_date '\(metadata.modelDate)' is not an ISO-8601 date")
        }
        switch model {
        case let .naiveBayes(model):
            try Self.check("naive_bayes.class_log_prior", model.classLogPrior, count: 2)
            guard model.featureLogProb.count == 2 else {
                throw .invalid("naive_bayes.feature_log_prob must have 2 rows, has \(model.featureLogProb.count)")
            }
            for (row, values) in model.featureLogProb.enumerated() {
                try Self.check("naive_bayes.feature_log_prob[\(row)]", values, count: n)
            }
        case let .logisticRegression(model):
            try Self.check("logistic_regression.coefficients", model.coefficients, count: n)
            try Self.check("logistic_regression.intercept", [model.intercept], count: 1)
        }
        return index
    }

    private static func check(_ name: String, _ values: [Double], count: Int) throws(ModelFileError) {
        guard values.count == count else {
            throw .invalid("\(name) has \(values.count) values but the vocabulary has \(count) terms")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .invalid("\(name)[\(bad)] is not a finite number")
        }
        if let bad = values.firstIndex(where: { abs($0) > maximumWeight }) {
            throw .invalid("\(name)[\(bad)] is larger than \(maximumWeight) in magnitude")
        }
    }

    /// Turns a decoding error into a message that names the field.
    private static func describe(_ error: any Error) -> ModelFileError {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error as? DecodingError {
        case let .keyNotFound(key, context)?: return .missingField(path(context, key))
        case let .valueNotFound(_, context)?: return .missingField(path(context))
        case let .typeMismatch(_, context)? where context.codingPath.isEmpty: return .notJSON("expected a JSON object")
        case let .typeMismatch(_, context)?: return .wrongType(path(context))
        case let .dataCorrupted(context)? where !context.codingPath.isEmpty:
            return .invalid("field '\(path(context))': \(context.debugDescription)")
        default: return .notJSON("\(error.localizedDescription)")
        }
    }

    /// Just enough of a file to read its format version before anything else.
    private struct FormatProbe: Decodable {
        let formatVersion: Int
        enum CodingKeys: String, CodingKey { case formatVersion = "format_version" }
    }

    enum CodingKeys: String, CodingKey {
        case kind, hyperparameters, vocabulary, idf, metadata
        case formatVersion = "format_version"
        case naiveBayes = "naive_bayes"
        case logisticRegression = "logistic_regression"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        switch try container.decode(ModelKind.self, forKey: .kind) {
        case .naiveBayes: model = .naiveBayes(try container.decode(NaiveBayes.self, forKey: .naiveBayes))
        case .logisticRegression: model = .logisticRegression(try container.decode(LogisticRegression.self, forKey: .logisticRegression))
        }
        hyperparameters = try container.decode(Hyperparameters.self, forKey: .hyperparameters)
        vocabulary = try container.decode([String].self, forKey: .vocabulary)
        idf = try container.decodePacked(forKey: .idf)
        metadata = try container.decode(ModelMetadata.self, forKey: .metadata)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(model.kind, forKey: .kind)
        try container.encode(hyperparameters, forKey: .hyperparameters)
        try container.encode(vocabulary, forKey: .vocabulary)
        try container.encodePacked(idf, forKey: .idf)
        switch model {
        case let .naiveBayes(parameters): try container.encode(parameters, forKey: .naiveBayes)
        case let .logisticRegression(parameters): try container.encode(parameters, forKey: .logisticRegression)
        }
        try container.encode(metadata, forKey: .metadata)
    }
}
