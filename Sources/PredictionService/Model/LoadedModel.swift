import AmericanAPI
import Atomics
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import TweetClassifier

/// A model ready to answer requests, with everything about it that requests
/// need precomputed: since the answer of `POST /api/american` depends only
/// on the label, both possible response bodies are built once here and each
/// request just picks one.
public final class LoadedModel: Sendable, AtomicReference {
    /// The model itself.
    public let model: TweetModel
    /// Hex SHA-256 of the model file's bytes.
    public let sha256: String
    /// Where it was loaded from.
    public let source: String
    /// The fingerprint used to skip unchanged reloads.
    let fingerprint: ModelFetcher.Fingerprint
    /// The full JSON bodies, indexed by the label's raw value.
    private let answerBodies: [ByteBuffer]

    /// Wraps a validated model and precomputes the answers.
    init(model: TweetModel, fingerprint: ModelFetcher.Fingerprint, source: String, version: ServiceVersion) {
        self.model = model
        self.sha256 = fingerprint.sha256
        self.fingerprint = fingerprint
        self.source = source
        self.answerBodies = Label.allCases.map { label in
            let answer = PredictionAnswer(isAmerican: label, version: version.display, modelDate: model.file.metadata.modelDate)
            return ByteBuffer(bytes: (try? JSONEncoder.stable.encode(answer)) ?? Data())
        }
    }

    /// The precomputed body of `POST /api/american` for `label`.
    func answerBody(for label: Label) -> ByteBuffer {
        answerBodies[label.rawValue]
    }

    /// The date the model was trained.
    public var modelDate: String { model.file.metadata.modelDate }
}
