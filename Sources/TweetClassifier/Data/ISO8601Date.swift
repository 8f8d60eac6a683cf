#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// ISO-8601 dates in UTC to the second (`2026-11-25T10:00:00Z`), the form model
/// files and the API use, with FoundationEssentials' format style:
/// `ISO8601DateFormatter` would pull full Foundation, and ICU, into the server.
public enum ISO8601Date {
    /// `date` as `yyyy-MM-ddTHH:mm:ssZ`.
    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// The date `text` names, or nil when it is not an ISO-8601 date and time with a zone.
    public static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
