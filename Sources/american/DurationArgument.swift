import ArgumentParser

/// A length of time on the command line or in the environment: `500ms`,
/// `90s`, `10m`, `1h`, or plain (possibly fractional) seconds.
///
/// Only finite, non-negative values that fit a `Duration` are accepted, so
/// `1e308`, `nan` or `-1` are refused when parsed rather than crashing later.
struct DurationArgument: ExpressibleByArgument, Sendable {
    /// The parsed length.
    let duration: Duration

    /// Wraps a default.
    init(_ duration: Duration) {
        self.duration = duration
    }

    /// Parses `argument`; nil when it is not a duration.
    init?(argument: String) {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let unit = units.first { argument.hasSuffix($0.suffix) } ?? ("", 1)
        guard let value = Double(argument.dropLast(unit.suffix.count)), value.isFinite, value >= 0 else { return nil }
        let seconds = value * unit.seconds
        guard seconds <= Self.longest else { return nil }
        duration = .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    /// A year: far beyond any sensible setting, and well inside `Int64` nanoseconds.
    static let longest = 365 * 24 * 3600.0

    /// How the default shows in `--help`.
    var defaultValueDescription: String { "\(duration)" }
}
