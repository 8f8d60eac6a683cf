import Foundation

/// One temporary folder per test process, removed when the process exits,
/// so that the many small files the tests write never pile up in /tmp.
enum TemporaryRoot {
    /// The folder, created (and its removal scheduled) on first use.
    static let url: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("american-tests-\(getpid())-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        removalPath = url.path
        atexit { if let path = removalPath { try? FileManager.default.removeItem(atPath: path) } }
        return url
    }()

    /// Read by the exit handler, which cannot capture context.
    nonisolated(unsafe) private static var removalPath: String?
}
