/// Why a CSV could not be read as labelled tweets.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case missingColumn(String, available: [String])
    case noHeader
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missingColumn(name, available):
            "column '\(name)' not found in the header (columns: \(available.prefix(30).joined(separator: ", ")))"
        case .noHeader:
            "the file is empty: expected a header row"
        case let .unreadable(path, reason):
            "cannot read '\(path)': \(reason)"
        }
    }
}
