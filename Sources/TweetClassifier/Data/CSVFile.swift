import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// Reads a CSV file in 1 MiB chunks: records go to a callback as they are
/// parsed, so memory stays flat whatever the file size, and the file's
/// SHA-256 is computed on the way (a model records the hash of its data).
public enum CSVFile {
    /// What reading a file produced besides its records.
    public struct Summary: Sendable {
        /// The delimiter found in the header line.
        public let delimiter: UInt8
        /// Hex SHA-256 of the whole file, BOM included.
        public let sha256: String
    }

    /// Streams the records of the file at `path` (header first) to `body`.
    public static func read(path: String, body: ([String]) throws -> Void) throws -> Summary {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "permission denied"
            throw DatasetError.unreadable(path: path, reason: reason)
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var parser: CSVParser?
        var atStart = true
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw DatasetError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            let chunk = buffer[..<count]
            hasher.update(data: chunk)
            var bytes = chunk
            if atStart {
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
                atStart = false
            }
            if parser == nil { parser = CSVParser(delimiter: CSVParser.detectDelimiter(headerLine: bytes)) }
            try parser!.feed(bytes, emit: body)
        }
        try parser?.finish(emit: body)
        let digest = hasher.finalize().hexEncoded
        return Summary(delimiter: parser?.delimiter ?? UInt8(ascii: ","), sha256: digest)
    }

    /// Reads labelled tweets from the file at `path` according to `schema`.
    public static func readDataset(path: String, schema: DatasetSchema) throws -> (LabeledDataset, Summary) {
        var dataset: LabeledDataset?
        let summary = try read(path: path) { record in
            if dataset == nil {
                dataset = try LabeledDataset(header: record, schema: schema)
            } else {
                dataset!.add(record: record)
            }
        }
        guard let dataset else { throw DatasetError.noHeader }
        return (dataset, summary)
    }
}
