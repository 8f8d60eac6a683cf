/// One request of `american watch`: when it was scheduled, what came back.
///
/// Time is measured from the schedule, not from when the request was really
/// sent, so a slow or hanging answer can never hide part of an outage.
public struct WatchSample: Sendable, Equatable {
    /// Seconds since the watch started at which this request was due.
    public let time: Double
    /// `version|model_date` of the answer, nil when the request failed.
    public let servedBy: String?
    /// The failure kind, nil when the request succeeded.
    public let failure: String?
    /// Milliseconds until the answer (or the failure).
    public let latencyMs: Double

    /// A successful request.
    public static func answered(at time: Double, version: String, modelDate: String, latencyMs: Double) -> WatchSample {
        WatchSample(time: time, servedBy: "\(version)|\(modelDate)", failure: nil, latencyMs: latencyMs)
    }

    /// A failed request.
    public static func failed(at time: Double, kind: String, latencyMs: Double) -> WatchSample {
        WatchSample(time: time, servedBy: nil, failure: kind, latencyMs: latencyMs)
    }

    /// The version part of `servedBy`.
    public var version: String? { servedBy.map { String($0.split(separator: "|", maxSplits: 1)[0]) } }
}
