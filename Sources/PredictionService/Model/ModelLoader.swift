#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TweetClassifier

/// Fetches, verifies and validates a model off the request path: bytes,
/// then the SHA-256 pin, then the model file's own checks. Only a model that
/// passes all three ever reaches the store.
public struct ModelLoader: Sendable {
    let source: ModelSource
    let expectedSHA256: String?
    let fetcher: ModelFetcher
    let version: ServiceVersion

    /// Creates a loader of the served model from the service's configuration.
    public init(configuration: ServiceConfiguration) {
        self.init(source: configuration.modelSource, expectedSHA256: configuration.modelSHA256, configuration: configuration)
    }

    /// Creates a loader of the model at `source` (a shadow model, say), with the configuration's limits.
    init(source: ModelSource, expectedSHA256: String?, configuration: ServiceConfiguration) {
        self.source = source
        self.expectedSHA256 = expectedSHA256?.lowercased()
        self.fetcher = ModelFetcher(maxBytes: configuration.maxModelBytes, timeout: configuration.modelDownloadTimeout)
        self.version = configuration.version
    }

    /// Loads the model, or returns nil when it is the same as `current`.
    public func load(replacing current: LoadedModel?) async throws(ModelLoadError) -> LoadedModel? {
        switch try await fetcher.fetch(source, previous: current?.fingerprint) {
        case .unchanged:
            return nil
        case let .fetched(data, fingerprint):
            if let expectedSHA256, expectedSHA256 != fingerprint.sha256 {
                throw .checksumMismatch(expected: expectedSHA256, actual: fingerprint.sha256)
            }
            do {
                let model = try TweetModel(modelData: data)
                return LoadedModel(model: model, fingerprint: fingerprint, source: source.description, version: version)
            } catch {
                throw .invalidModel(error.description)
            }
        }
    }
}
