import Foundation
import Logging
@testable import PredictionService
import ServiceLifecycle
import TestFixtures
import TweetClassifier

/// A real prediction server on a loopback port, started and stopped by the
/// test (no signals), so client code is exercised over real sockets.
final class LiveServer: Sendable {
    let port: Int
    let server: PredictionServer
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts a server for `modelPath` on `port` and waits until it answers.
    init(modelPath: String, port: Int, version: String = "1.0.0") async throws {
        var configuration = ServiceConfiguration()
        configuration.port = port
        configuration.modelSource = .file(modelPath)
        configuration.version = ServiceVersion(release: version, revision: nil)
        var logger = Logger(label: "live-server")
        logger.logLevel = .critical
        let server = buildApplication(configuration, logger: logger)
        try await server.reloader.load()
        let group = ServiceGroup(configuration: .init(services: [server.application], logger: logger))
        self.port = port
        self.server = server
        self.group = group
        self.task = Task { try await group.run() }
        try await waitUntilListening()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting connections, finishes requests in flight and returns when the server is gone.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    private func waitUntilListening() async throws {
        for _ in 0..<200 {
            if LoopbackPort.accepts(port) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw LiveServerError.didNotStart(port)
    }
}

enum LiveServerError: Error {
    case didNotStart(Int)
}
