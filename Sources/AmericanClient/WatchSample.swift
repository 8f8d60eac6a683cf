/// One request of `american watch`: when it was due, what came back, how long it took.
///
/// Time is measured from the schedule, not from when the request was really
/// sent, so a slow or hanging answer can never hide part of an outage.
public struct WatchSample: Sendable, Equatable {
    /// What a request ended in: exactly one of an answer or a failure.
    public enum Outcome: Sendable, Equatable {
        /// The service answered 200.
        case answered(ServedBy)
        /// The request failed; the kind is `ClientError.kind` (`refused`, `timeout`, `http_503`, …).
        case failed(kind: String)
    }

    /// When the request was due, from the start of the watch.
    public let offset: Duration
    /// The answer or the failure.
    public let outcome: Outcome
    /// Until the answer (or the failure).
    public let latency: Duration

    /// Creates a sample.
    public init(offset: Duration, outcome: Outcome, latency: Duration) {
        self.offset = offset
        self.outcome = outcome
        self.latency = latency
    }

    /// What answered, nil when the request failed.
    public var servedBy: ServedBy? {
        if case let .answered(servedBy) = outcome { servedBy } else { nil }
    }

    /// The failure kind, nil when the request succeeded.
    public var failure: String? {
        if case let .failed(kind) = outcome { kind } else { nil }
    }
}
