import AsyncHTTPClient
import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import NIOHTTP1

/// Fetches model bytes from a file or a URL, and tells when they have not
/// changed since the last fetch so that polling for a new model is cheap.
///
/// Downloads have one deadline for the whole transfer (a server that sends a
/// byte now and then cannot hold it open) and a size cap enforced while the
/// body streams in. Files are read only when they are stable: unchanged
/// across the read, and, when rewritten in place, not modified for `settle`
/// (write a new file and rename it into place to publish a model at once).
public struct ModelFetcher: Sendable {
    /// What identifies one version of a model's bytes.
    public struct Fingerprint: Sendable, Equatable {
        /// Hex SHA-256 of the bytes.
        public var sha256: String
        /// The HTTP validators the server gave, for conditional requests.
        public var etag: String?
        public var lastModified: String?
        /// The file the bytes were read from, for files.
        var file: FileIdentity?
    }

    /// The result of a fetch.
    public enum Outcome: Sendable {
        case unchanged
        case fetched(Data, Fingerprint)
    }

    /// How long a file rewritten in place must stay untouched before it is trusted.
    static let settle = Duration.seconds(1)

    /// The client of downloads: a refused or unreachable origin fails at once
    /// (no silent retries until the deadline), and a connection gets at most 10 s.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    let maxBytes: Int
    let timeout: Duration

    /// Creates a fetcher with a size cap and a deadline for a whole download.
    public init(maxBytes: Int, timeout: Duration) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }

    /// Fetches `source`; `previous` (the last fingerprint) lets unchanged models be skipped.
    public func fetch(_ source: ModelSource, previous: Fingerprint?) async throws(ModelLoadError) -> Outcome {
        switch source {
        case let .file(path): try readFile(path, previous: previous)
        case let .url(url): try await download(url, shown: source.description, previous: previous)
        }
    }

    private func readFile(_ path: String, previous: Fingerprint?) throws(ModelLoadError) -> Outcome {
        guard let before = FileIdentity(path: path) else {
            throw .unreadable(FileManager.default.fileExists(atPath: path) ? "'\(path)' is not readable" : "no file at '\(path)'")
        }
        if before == previous?.file { return .unchanged }
        guard before.size <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable("'\(path)' is not readable")
        }
        guard FileIdentity(path: path) == before, data.count == before.size else {
            throw .unstable("'\(path)' changed while it was being read")
        }
        let fingerprint = Fingerprint(sha256: Self.sha256(data), file: before)
        if fingerprint.sha256 == previous?.sha256 { return .unchanged }
        if let old = previous?.file, before.isSameFile(as: old), before.age < Self.settle {
            throw .unstable("'\(path)' was rewritten in place \(before.age) ago; it is read once untouched for \(Self.settle)")
        }
        return .fetched(data, fingerprint)
    }

    private func download(_ url: URL, shown: String, previous: Fingerprint?) async throws(ModelLoadError) -> Outcome {
        do {
            return try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask { try await transfer(url, shown: shown, previous: previous) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw ModelLoadError.download("\(shown) did not finish within \(timeout)")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw CancellationError() }
                return first
            }
        } catch let error as ModelLoadError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw .download("\(shown) did not finish within \(timeout)")
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw .download("\(shown): no connection within 10 s")
        } catch {
            throw .download("\(shown): \(Self.describe(error))")
        }
    }

    /// The request and the streamed, capped body.
    private func transfer(_ url: URL, shown: String, previous: Fingerprint?) async throws -> Outcome {
        var request = HTTPClientRequest(url: url.absoluteString)
        if let etag = previous?.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified = previous?.lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        let response = try await Self.client.execute(request, timeout: TimeAmount(timeout))
        if response.status == .notModified, previous != nil { return .unchanged }
        guard response.status == .ok else { throw ModelLoadError.download("\(shown) answered \(response.status.code)") }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
            throw ModelLoadError.tooLarge(limit: maxBytes)
        }
        var body = Data()
        for try await chunk in response.body {
            guard body.count + chunk.readableBytes <= maxBytes else { throw ModelLoadError.tooLarge(limit: maxBytes) }
            body.append(contentsOf: chunk.readableBytesView)
        }
        let fingerprint = Fingerprint(
            sha256: Self.sha256(body), etag: response.headers.first(name: "ETag"), lastModified: response.headers.first(name: "Last-Modified")
        )
        return fingerprint.sha256 == previous?.sha256 ? .unchanged : .fetched(body, fingerprint)
    }

    /// A transport error in one short clause (NIO's descriptions nest and repeat).
    private static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("refused") { return "connection refused" }
        if let error = error as? HTTPClientError, error == .redirectCycleDetected { return "redirect loop" }
        if let error = error as? HTTPClientError, error == .redirectLimitReached { return "too many redirects" }
        return text
    }

    /// Hex SHA-256 of `data`.
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).hexEncoded
    }
}
