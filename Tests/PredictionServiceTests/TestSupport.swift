import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import PredictionService
import TestFixtures
import TweetClassifier

/// Models, configurations and request helpers shared by the service tests.
enum TestSupport {
    /// A small trained model whose date is `date` (so two models can be told apart).
    static func model(kind: ModelKind = .logisticRegression, date: Date = FixtureModels.date) throws -> ModelFile {
        try FixtureModels.model(kind: kind, date: date)
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        try FixtureModels.temporaryFolder()
    }

    /// Writes a model to a new temporary file and returns its path.
    static func modelPath(_ file: ModelFile? = nil) throws -> String {
        try FixtureModels.path(for: file)
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

    /// Builds the service for `configuration` and, as the running service does at start,
    /// loads the first model (failing as it would), unless it is to wait for one.
    static func server(_ configuration: ServiceConfiguration) async throws -> PredictionServer {
        let server = buildApplication(configuration, logger: quietLogger)
        if !configuration.waitForModel { try await server.reloader.load() }
        return server
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
