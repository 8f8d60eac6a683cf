/// The release of this code base, stamped into every model it trains and
/// reported by the API (a container adds its git revision through `APP_REVISION`).
///
/// Bump it with each release tag; CI checks that the tag and this agree.
public enum CodeVersion {
    /// Semantic version of the code.
    public static let release = "0.1.0"
}
