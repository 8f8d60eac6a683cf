/// Why a model could not be loaded; every message is one line an operator can act on.
public enum ModelLoadError: Error, Equatable, CustomStringConvertible {
    case badSource(String)
    case unreadable(String)
    case download(String)
    case tooLarge(limit: Int)
    case checksumMismatch(expected: String, actual: String)
    case invalidModel(String)
    case unstable(String)

    public var description: String {
        switch self {
        case let .badSource(reason): "bad model source: \(reason)"
        case let .unreadable(reason): "cannot read the model: \(reason)"
        case let .download(reason): "cannot download the model: \(reason)"
        case let .tooLarge(limit): "the model is larger than the \(limit)-byte limit"
        case let .checksumMismatch(expected, actual): "model SHA-256 mismatch: expected \(expected), got \(actual)"
        case let .invalidModel(reason): reason
        case let .unstable(reason): "the model file is still being written: \(reason)"
        }
    }
}
