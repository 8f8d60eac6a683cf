import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import PredictionService
import TweetClassifier

/// Models, configurations and request helpers shared by the service tests.
enum TestSupport {
    static let tweets: [LabeledTweet] = [
        ("Stuck at home in New York #StayHome", 1), ("Governor Cuomo briefing in Albany", 1),
        ("Texas schools closed y'all", 1), ("Chicago Cubs season delayed", 1), ("Los Angeles hospitals ready", 1),
        ("Lockdown in London, the NHS needs us", 0), ("Boris Johnson update from Downing Street", 0),
        ("Stay safe Toronto #COVID19", 0), ("Mumbai streets empty during curfew", 0), ("Sydney beaches closed", 0),
    ].map { LabeledTweet(text: $0.0, label: $0.1) }

    /// A small trained model whose date is `date` (so two models can be told apart).
    static func model(kind: ModelKind = .logisticRegression, date: Date = Date(timeIntervalSince1970: 1_764_000_000)) throws -> ModelFile {
        try Trainer.train(
            tweets, kind: kind, settings: RecommendedSettings.for(kind),
            provenance: .init(files: [.init(name: "fixture.csv", sha256: String(repeating: "a", count: 64))], skippedRows: 0, date: date)
        )
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("american-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a model to a new temporary file and returns its path.
    static func modelPath(_ file: ModelFile? = nil) throws -> String {
        let path = try temporaryFolder().appendingPathComponent("american.model.json").path
        try ModelStorage.write(file ?? model(), to: path)
        return path
    }

    /// A test configuration serving the model at `path`.
    static func configuration(modelPath: String, _ adjust: (inout ServiceConfiguration) -> Void = { _ in }) -> ServiceConfiguration {
        var configuration = ServiceConfiguration()
        configuration.port = 0
        configuration.modelSource = .file(modelPath)
        configuration.version = ServiceVersion(release: "9.9.9", revision: "abcdef0123")
        adjust(&configuration)
        return configuration
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// Builds the service for `configuration`.
    static func server(_ configuration: ServiceConfiguration) async throws -> PredictionServer {
        try await buildApplication(configuration, logger: quietLogger)
    }

    /// Decodes a response body as a JSON object.
    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(buffer: buffer), options: [.fragmentsAllowed])
        guard let object = value as? [String: Any] else { throw TestFailure("not a JSON object: \(String(buffer: buffer))") }
        return object
    }
}

/// A failed precondition inside a test helper.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension TestClientProtocol {
    /// POSTs a UTF-8 body, with a JSON content type unless `contentType` says otherwise.
    func post(_ uri: String, _ body: String, contentType: String? = "application/json") async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
