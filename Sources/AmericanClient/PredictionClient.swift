import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// What the service answered to one tweet.
public struct ServiceAnswer: Sendable, Equatable {
    /// 0 or 1.
    public let isAmerican: Int
    /// The code version that answered.
    public let version: String
    /// When the answering model was trained.
    public let modelDate: String
    /// The raw JSON body.
    public let body: String
}

/// The HTTP client of `POST /api/american` and its batch form, with every
/// failure classified (`ClientError`) so that scoring and watching can count them.
///
/// One instance keeps a pool of connections; call `shutdown()` when done.
public final class PredictionClient: Sendable {
    private let base: String
    private let http: HTTPClient
    private let timeout: TimeAmount

    /// Creates a client of the service at `url` (e.g. `http://127.0.0.1:8080`).
    public init(url: String, timeout: Double = 10, connections: Int = 16) throws(ClientError) {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
            throw .invalidURL(url)
        }
        self.base = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.timeout = .milliseconds(Int64(timeout * 1000))
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .milliseconds(Int64(min(timeout, 2) * 1000)))
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        // A measuring client reports each attempt as users would see it: a refused
        // connection fails at once instead of being retried until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Predicts one tweet.
    public func predict(_ text: String) async throws(ClientError) -> ServiceAnswer {
        let body = try await post("/api/american", json: ["text": text])
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let label = object["is_american"] as? Int, let version = object["version"] as? String,
              let modelDate = object["model_date"] as? String else {
            throw .invalidResponse(String(body.prefix(200)))
        }
        return ServiceAnswer(isAmerican: label, version: version, modelDate: modelDate, body: body)
    }

    /// Predicts many tweets in one request (`/api/american/batch`).
    public func predictBatch(_ texts: [String]) async throws(ClientError) -> [Int] {
        let body = try await post("/api/american/batch", json: ["texts": texts])
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let predictions = object["predictions"] as? [Int], predictions.count == texts.count else {
            throw .invalidResponse(String(body.prefix(200)))
        }
        return predictions
    }

    /// Closes the connection pool.
    public func shutdown() async {
        try? await http.shutdown()
    }

    private func post(_ path: String, json: [String: any Sendable]) async throws(ClientError) -> String {
        let url = base + path
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        do {
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
            let response = try await http.execute(request, timeout: timeout)
            let body = String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
            guard response.status == .ok else {
                let message = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["message"] as? String
                throw ClientError.status(Int(response.status.code), message ?? String(body.prefix(200)))
            }
            return body
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
        if text.localizedCaseInsensitiveContains("refused") { return .connectionRefused(url) }
        if text.localizedCaseInsensitiveContains("timeout") || text.localizedCaseInsensitiveContains("timed out") { return .timeout(url) }
        return .transport(text)
    }
}
