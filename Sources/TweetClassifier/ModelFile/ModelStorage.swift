#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads and writes model files on disk.
///
/// Writes are atomic (a temporary file renamed into place) because a running
/// server may be watching the path for a new model and must never read half
/// of one.
public enum ModelStorage {
    /// Loads and validates the model file at `path`.
    public static func read(_ path: String) throws -> ModelFile {
        try ModelFile.decode(bytes(at: path))
    }

    /// Loads the model at `path` ready to predict, validating it once.
    public static func readModel(_ path: String) throws -> TweetModel {
        try TweetModel(modelData: bytes(at: path))
    }

    private static func bytes(at path: String) throws(ModelFileError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable" : "no such file"
            throw ModelFileError.invalid("cannot read '\(path)': \(reason)")
        }
    }

    /// Writes `file` to `path`, creating the folder if needed.
    public static func write(_ file: ModelFile, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.encoded().write(to: url, options: .atomic)
    }
}
