import AmericanAPI
import AsyncHTTPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import NIOHTTP1
import NIOFoundationEssentialsCompat
import NIOPosix
import TweetClassifier

/// The HTTP client of `POST /api/american` and its batch form, with every
/// failure classified (`ClientError`) so that scoring and watching can count them.
///
/// One instance keeps a pool of connections; call `shutdown()` when done.
public final class PredictionClient: Sendable {
    private let base: String
    private let http: HTTPClient
    private let timeout: TimeAmount

    /// Creates a client of the service at `url` (e.g. `http://127.0.0.1:8080`); with
    /// `newConnectionPerRequest` every request opens its own connection, as a client
    /// without keep-alive would (what a rollout looks like to new users).
    public init(url: String, timeout: Duration = .seconds(10), connections: Int = 16, newConnectionPerRequest: Bool = false) throws(ClientError) {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
            throw .invalidURL(url)
        }
        self.base = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.timeout = TimeAmount(timeout)
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: TimeAmount(min(timeout, .seconds(2))))
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        // A measuring client reports each attempt as users would see it: a refused
        // connection fails at once instead of being retried until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        if newConnectionPerRequest { configuration.maximumUsesPerConnection = 1 }
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Predicts one tweet.
    public func predict(_ text: String) async throws(ClientError) -> PredictionAnswer {
        try await post(.predict, PredictionRequest(text: text))
    }

    /// Predicts many tweets in one request (`/api/american/batch`).
    public func predictBatch(_ texts: [String]) async throws(ClientError) -> [Label] {
        let answer: BatchAnswer = try await post(.batch, BatchRequest(texts: texts))
        guard answer.predictions.count == texts.count else {
            throw .invalidResponse("\(answer.predictions.count) predictions for \(texts.count) texts")
        }
        return answer.predictions
    }

    /// Closes the connection pool.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// POSTs `body` to `route` and decodes the contract's answer type; a non-200
    /// answer becomes `ClientError.status` with the server's own message.
    private func post<Answer: Decodable>(_ route: APIRoute, _ body: some Encodable) async throws(ClientError) -> Answer {
        let url = base + route.path
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        do {
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
            let response = try await http.execute(request, timeout: timeout)
            let bytes = Data(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
            guard response.status == .ok else {
                let message = (try? JSONDecoder().decode(ErrorAnswer.self, from: bytes))?.message
                throw ClientError.status(Int(response.status.code), message ?? String(decoding: bytes.prefix(200), as: UTF8.self))
            }
            do {
                return try JSONDecoder().decode(Answer.self, from: bytes)
            } catch {
                throw ClientError.invalidResponse(String(decoding: bytes.prefix(200), as: UTF8.self))
            }
        } catch let error as ClientError {
            throw error
        } catch {
            throw Self.classify(error, url: url)
        }
    }

    /// Maps transport errors to the kinds reports count.
    static func classify(_ error: any Error, url: String) -> ClientError {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return .timeout(url)
            case .remoteConnectionClosed: return .transport("the server closed the connection")
            default: break
            }
        }
        if let error = error as? NIOConnectionError, error.connectionErrors.contains(where: { "\($0.error)".contains("refused") }) {
            return .connectionRefused(url)
        }
        let text = "\(error)"
        let lowered = text.lowercased()
        if lowered.contains("refused") { return .connectionRefused(url) }
        if lowered.contains("timeout") || lowered.contains("timed out") { return .timeout(url) }
        return .transport(text)
    }
}
