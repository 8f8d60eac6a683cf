#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TweetClassifier

/// The code version the API reports, e.g. `0.1.0+3f2a9c1`.
///
/// The release comes from the build (`CodeVersion.release`) unless
/// `APP_VERSION` overrides it; the git revision comes from `APP_REVISION`,
/// which the container build sets from the commit it was built from.
public struct ServiceVersion: Sendable, Equatable {
    /// The release, e.g. `0.1.0`.
    public var release: String
    /// The git revision, when known.
    public var revision: String?

    /// Creates a version.
    public init(release: String, revision: String?) {
        self.release = release
        self.revision = revision
    }

    /// Reads `APP_VERSION` and `APP_REVISION`, falling back to the build's release.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ServiceVersion {
        let release = environment["APP_VERSION"].flatMap { $0.isEmpty ? nil : $0 } ?? CodeVersion.release
        let revision = environment["APP_REVISION"].flatMap { $0.isEmpty ? nil : $0 }
        return ServiceVersion(release: release, revision: revision)
    }

    /// What `version` fields carry: the release, plus `+` and the short revision when known.
    public var display: String {
        guard let revision, !release.contains("+") else { return release }
        return "\(release)+\(revision.prefix(7))"
    }
}
