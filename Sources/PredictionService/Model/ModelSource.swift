#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a model is read from: a path on disk (a mounted volume) or an
/// http(s) URL (a release asset, an object store).
public enum ModelSource: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    case url(URL)

    /// Reads a `--model` value: `http://` and `https://` are URLs, anything else a path.
    public init(_ value: String) throws(ModelLoadError) {
        let lowered = value.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            guard let url = URL(string: value), url.host != nil else {
                throw .badSource("'\(value)' is not a valid URL")
            }
            self = .url(url)
        } else if lowered.contains("://") {
            throw .badSource("only file paths and http(s) URLs are supported, not '\(value)'")
        } else if value.isEmpty {
            throw .badSource("the model path is empty")
        } else {
            self = .file(value)
        }
    }

    /// The source as logs and metrics show it: a URL loses its user, password,
    /// query and fragment (where pre-signed links and tokens live).
    public var description: String {
        switch self {
        case let .file(path): return path
        case let .url(url):
            guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "\(url.scheme ?? "http")://(unprintable URL)" }
            if components.user != nil || components.password != nil {
                components.user = "REDACTED"
                components.password = nil
            }
            let hidden = components.query != nil || components.fragment != nil
            components.query = nil
            components.fragment = nil
            return (components.string ?? "") + (hidden ? "?REDACTED" : "")
        }
    }
}
