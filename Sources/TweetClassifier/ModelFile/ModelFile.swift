#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
    /// Terms in column order (empty for the hashed-feature kinds).
    public var vocabulary: [String]
    /// Inverse document frequency per column (empty for the hashed-feature kinds, whose parameters hold theirs).
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
    ///
    /// The whole file is decoded first and the format version read only when
    /// that fails (to tell an unsupported version from a broken file): a
    /// separate probe would scan the 6 MB of a hashed model twice at start-up.
    static func parse(_ data: Data) throws(ModelFileError) -> ModelFile {
        let decoder = JSONDecoder()
        let file: ModelFile
        do {
            file = try decoder.decode(ModelFile.self, from: data)
        } catch {
            let probe: FormatProbe
            do {
                probe = try decoder.decode(FormatProbe.self, from: data)
            } catch let probeError {
                throw describe(probeError)
            }
            guard probe.formatVersion == currentFormatVersion else { throw .unsupportedFormatVersion(probe.formatVersion) }
            throw describe(error)
        }
        guard file.formatVersion == currentFormatVersion else { throw .unsupportedFormatVersion(file.formatVersion) }
        return file
    }

    /// Checks what JSON decoding cannot: lengths agree and numbers are finite.
    /// Returns the vocabulary it built to look for duplicates, so that a model
    /// being loaded does not build it twice.
    @discardableResult
    public func validate() throws(ModelFileError) -> Vocabulary {
        guard ISO8601Date.parse(metadata.modelDate) != nil else {
            throw .invalid("metadata.model_date '\(metadata.modelDate)' is not an ISO-8601 date")
        }
        if let problem = metadata.driftReference?.problem {
            throw .invalid("metadata.drift_reference: \(problem)")
        }
        guard kind == .nbSVM || hyperparameters.beta == nil else {
            throw .invalid("hyperparameters.beta is set, but only an nbsvm model interpolates its weights")
        }
        switch model {
        case let .linearSVM(parameters), let .dualLogisticRegression(parameters):
            try validateHashed(parameters)
            return Vocabulary(terms: [])
        case let .nbSVM(parameters):
            try validateNBSVM(parameters)
            return Vocabulary(terms: [])
        case .naiveBayes, .logisticRegression:
            break
        }
        guard hyperparameters.blocks == nil else {
            throw .invalid("hyperparameters.blocks is set, but a \(kind.rawValue) model reads its features through a vocabulary")
        }
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
        case .linearSVM, .dualLogisticRegression, .nbSVM:
            break
        }
        return index
    }

    /// The checks of a TF-IDF hashed model: those of every hashed kind, and one idf per bucket.
    private func validateHashed(_ model: HashedLinearModel) throws(ModelFileError) {
        try validateHashedFit(model)
        let name = Self.parametersKey(kind).stringValue
        guard model.idf.scale.isFinite, model.idf.scale > 0 else { throw .invalid("\(name).idf_scale must be a positive number") }
        // Codes are 0-255, so the largest code bounds every idf (no array of values is built: a million columns).
        guard Double(Float(model.idf.codes.max() ?? 0) * model.idf.scale) <= Self.maximumIDF else {
            throw .invalid("\(name).idf values must be between 0 (pruned bucket) and \(Self.maximumIDF): lower idf_scale")
        }
    }

    /// The checks of an NB-SVM: those of every hashed kind, one bounded
    /// log-count ratio per bucket, and an interpolation β between 0 and 1.
    private func validateNBSVM(_ model: NBSVMModel) throws(ModelFileError) {
        try validateHashedFit(model)
        let name = Self.parametersKey(kind).stringValue
        guard let beta = hyperparameters.beta, (0...1).contains(beta) else {
            throw .invalid("an nbsvm model needs hyperparameters.beta between 0 and 1")
        }
        guard model.ratios.scale.isFinite, model.ratios.scale > 0, Double(model.ratios.scale) * Double(Int16.max) <= Self.maximumIDF else {
            throw .invalid("\(name).ratio_scale must be positive and at most \(Self.maximumIDF) / \(Int16.max)")
        }
    }

    /// The checks every hashed kind shares: blocks that make sense, no
    /// vocabulary, one finite weight per bucket, a finite intercept, a
    /// positive C, a calibration that keeps probabilities increasing, and
    /// one column weight per bucket.
    private func validateHashedFit<Weighting>(_ model: HashedParameters<Weighting>) throws(ModelFileError) {
        let (weights, bias, c, calibration) = (model.weights, model.bias, model.c, model.calibration)
        let name = Self.parametersKey(kind).stringValue
        guard let blocks = hyperparameters.blocks, !blocks.isEmpty else {
            throw .invalid("a \(kind.rawValue) model needs hyperparameters.blocks (its hashed feature blocks)")
        }
        if let problem = blocks.lazy.compactMap(\.problem).first { throw .invalid("hyperparameters.blocks: \(problem)") }
        guard vocabulary.isEmpty, idf.isEmpty else {
            throw .invalid("a \(kind.rawValue) model hashes its features and must not carry a vocabulary or a top-level idf")
        }
        let columns = blocks.reduce(0) { $0 + $1.buckets }
        guard weights.scale.isFinite, weights.scale > 0, Double(weights.scale) * Double(Int16.max) <= Self.maximumWeight else {
            throw .invalid("\(name).weight_scale must be positive and at most \(Self.maximumWeight) / \(Int16.max)")
        }
        // The scale bounds every 16-bit weight, so only the count can be wrong.
        try Self.checkCount("\(name).weights", weights.codes.count, columns, unit: "buckets")
        try Self.check("\(name).bias", [bias], count: 1, unit: "buckets")
        guard c.isFinite, c > 0 else { throw .invalid("\(name).c must be a positive number") }
        guard calibration.a.isFinite, calibration.b.isFinite, calibration.a > 0, calibration.a <= Self.maximumWeight,
              abs(calibration.b) <= Self.maximumWeight else {
            throw .invalid("\(name).calibration must have a positive finite slope a and a finite offset b")
        }
        try Self.checkCount("\(name).\(Weighting.codesKey)", model.columnWeights.codes.count, columns, unit: "buckets")
    }

    private static func check(_ name: String, _ values: [Double], count: Int, unit: String = "terms") throws(ModelFileError) {
        try checkCount(name, values.count, count, unit: unit)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .invalid("\(name)[\(bad)] is not a finite number")
        }
        if let bad = values.firstIndex(where: { abs($0) > maximumWeight }) {
            throw .invalid("\(name)[\(bad)] is larger than \(maximumWeight) in magnitude")
        }
    }

    /// Refuses `actual` values where the vocabulary or the blocks call for `expected`.
    private static func checkCount(_ name: String, _ actual: Int, _ expected: Int, unit: String) throws(ModelFileError) {
        guard actual == expected else {
            let whole = unit == "terms" ? "the vocabulary has \(expected) terms" : "the blocks have \(expected) buckets"
            throw .invalid("\(name) has \(actual) values but \(expected == 1 ? "1 is expected" : whole)")
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
        default: return .notJSON("\(error)")
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
        case linearSVM = "linear_svm"
        case dualLogisticRegression = "logistic_regression_dual"
        case nbSVM = "nb_svm"
    }

    /// The key under which the parameters of `kind` are stored.
    static func parametersKey(_ kind: ModelKind) -> CodingKeys {
        switch kind {
        case .naiveBayes: .naiveBayes
        case .logisticRegression: .logisticRegression
        case .linearSVM: .linearSVM
        case .dualLogisticRegression: .dualLogisticRegression
        case .nbSVM: .nbSVM
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        let kind = try container.decode(ModelKind.self, forKey: .kind)
        switch kind {
        case .naiveBayes: model = .naiveBayes(try container.decode(NaiveBayes.self, forKey: .naiveBayes))
        case .logisticRegression: model = .logisticRegression(try container.decode(LogisticRegression.self, forKey: .logisticRegression))
        case .linearSVM: model = .linearSVM(try container.decode(HashedLinearModel.self, forKey: .linearSVM))
        case .dualLogisticRegression:
            model = .dualLogisticRegression(try container.decode(HashedLinearModel.self, forKey: .dualLogisticRegression))
        case .nbSVM: model = .nbSVM(try container.decode(NBSVMModel.self, forKey: .nbSVM))
        }
        hyperparameters = try container.decode(Hyperparameters.self, forKey: .hyperparameters)
        if kind.usesVocabulary {
            vocabulary = try container.decode([String].self, forKey: .vocabulary)
            idf = try container.decodePacked(forKey: .idf)
        } else {
            vocabulary = try container.decodeIfPresent([String].self, forKey: .vocabulary) ?? []
            idf = try container.contains(.idf) ? container.decodePacked(forKey: .idf) : []
        }
        metadata = try container.decode(ModelMetadata.self, forKey: .metadata)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(model.kind, forKey: .kind)
        try container.encode(hyperparameters, forKey: .hyperparameters)
        if kind.usesVocabulary {
            try container.encode(vocabulary, forKey: .vocabulary)
            try container.encodePacked(idf, forKey: .idf)
        }
        switch model {
        case let .naiveBayes(parameters): try container.encode(parameters, forKey: .naiveBayes)
        case let .logisticRegression(parameters): try container.encode(parameters, forKey: .logisticRegression)
        case let .linearSVM(parameters), let .dualLogisticRegression(parameters):
            try container.encode(parameters, forKey: Self.parametersKey(kind))
        case let .nbSVM(parameters): try container.encode(parameters, forKey: .nbSVM)
        }
        try container.encode(metadata, forKey: .metadata)
    }
}
