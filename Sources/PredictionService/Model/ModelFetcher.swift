import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Fetches model bytes from a file or a URL, and tells when they have not
/// changed since the last fetch so that polling for a new model is cheap.
///
/// Downloads have an overall deadline and a size cap enforced while the
/// body streams in: a server that never stops sending is cut off at the cap
/// rather than filling memory.
public struct ModelFetcher: Sendable {
    /// What identifies one version of a model's bytes.
    public struct Fingerprint: Sendable, Equatable {
        /// Hex SHA-256 of the bytes.
        public var sha256: String
        /// The HTTP validators the server gave, for conditional requests.
        public var etag: String?
        public var lastModified: String?
    }

    /// The result of a fetch.
    public enum Outcome: Sendable {
        case unchanged
        case fetched(Data, Fingerprint)
    }

    let maxBytes: Int
    let timeout: Duration

    /// Creates a fetcher with a size cap and a download deadline.
    public init(maxBytes: Int, timeout: Duration) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }

    /// Fetches `source`; `previous` (the last fingerprint) lets unchanged models be skipped.
    public func fetch(_ source: ModelSource, previous: Fingerprint?) async throws(ModelLoadError) -> Outcome {
        switch source {
        case let .file(path): try readFile(path, previous: previous)
        case let .url(url): try await download(url, previous: previous)
        }
    }

    private func readFile(_ path: String, previous: Fingerprint?) throws(ModelLoadError) -> Outcome {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "'\(path)' is not readable" : "no file at '\(path)'"
            throw .unreadable(reason)
        }
        guard data.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        let fingerprint = Fingerprint(sha256: Self.sha256(data))
        return fingerprint == previous ? .unchanged : .fetched(data, fingerprint)
    }

    private func download(_ url: URL, previous: Fingerprint?) async throws(ModelLoadError) -> Outcome {
        var request = HTTPClientRequest(url: url.absoluteString)
        if let etag = previous?.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified = previous?.lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: TimeAmount(timeout))
            if response.status == .notModified, previous != nil { return .unchanged }
            guard response.status == .ok else { throw ModelLoadError.download("\(url.absoluteString) answered \(response.status.code)") }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
                throw ModelLoadError.tooLarge(limit: maxBytes)
            }
            var body = Data()
            for try await chunk in response.body {
                guard body.count + chunk.readableBytes <= maxBytes else { throw ModelLoadError.tooLarge(limit: maxBytes) }
                body.append(contentsOf: chunk.readableBytesView)
            }
            let fingerprint = Fingerprint(
                sha256: Self.sha256(body), etag: response.headers.first(name: "ETag"),
                lastModified: response.headers.first(name: "Last-Modified")
            )
            return fingerprint.sha256 == previous?.sha256 ? .unchanged : .fetched(body, fingerprint)
        } catch let error as ModelLoadError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw .download("\(url.absoluteString) did not answer within \(timeout)")
        } catch {
            throw .download("\(url.absoluteString): \(error)")
        }
    }

    /// Hex SHA-256 of `data`.
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
