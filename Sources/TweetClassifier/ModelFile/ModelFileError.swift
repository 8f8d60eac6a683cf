/// Why a model file was refused. Each case names the problem so that an
/// operator reading one log line knows what to fix.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case notJSON(String)
    case unsupportedFormatVersion(Int)
    case missingField(String)
    case wrongType(String)
    case invalid(String)

    public var description: String {
        switch self {
        case let .notJSON(detail):
            "model file is not valid JSON (\(detail))"
        case let .unsupportedFormatVersion(version):
            "unsupported model format_version \(version) (this build reads version \(ModelFile.currentFormatVersion))"
        case let .missingField(path):
            "model file is missing the field '\(path)'"
        case let .wrongType(path):
            "model file field '\(path)' has the wrong type"
        case let .invalid(reason):
            "invalid model file: \(reason)"
        }
    }
}
