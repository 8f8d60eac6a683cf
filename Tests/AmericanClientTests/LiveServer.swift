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
        let server = try await buildApplication(configuration, logger: logger)
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
            if Self.canConnect(port: port) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw LiveServerError.didNotStart(port)
    }

    /// Whether something accepts TCP connections on the loopback port.
    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A port that was free a moment ago (the kernel's choice for port 0).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

enum LiveServerError: Error {
    case didNotStart(Int)
}

/// Models for the client tests.
enum ClientFixtures {
    /// Held-out tweets, some of which the model gets wrong.
    static let heldOut: [LabeledTweet] = [
        ("New York hospitals overwhelmed", 1), ("London buses empty", 0), ("Texas governor update", 1),
        ("Toronto mayor briefing", 0), ("Stuck at home in London", 0), ("Chicago streets empty", 1),
        ("Downing Street update on schools", 0), ("Sydney hospitals ready", 0), ("Albany curfew", 1), ("", 1),
    ].map { LabeledTweet(text: $0.0, label: $0.1) }

    static func modelPath(date: Date = FixtureModels.date, kind: ModelKind = .naiveBayes) throws -> String {
        try FixtureModels.path(for: FixtureModels.model(kind: kind, date: date))
    }

    static func write(to path: String, date: Date, kind: ModelKind = .naiveBayes) throws {
        try ModelStorage.write(FixtureModels.model(kind: kind, date: date), to: path)
    }
}
