import Synchronization
import TweetClassifier

/// The drift score of live traffic against the served model's training
/// distributions: the population stability index (PSI) of the predicted
/// probability, and of the unknown-word rate, over a sliding window.
///
/// Bins are the model file's (tenths of [0, 1], `DriftReference`); the window
/// slides in tenths of its length (`DriftWindow`). A score is only published
/// once the window holds `minimumPredictions`: a PSI of a few dozen tweets is
/// mostly noise. A new model resets the window, as its probabilities are not
/// comparable with the old one's; a model without a reference (trained
/// without cross-validation) gets no score.
final class DriftMonitor: Sendable {
    /// Fewest predictions in the window for a score to be published.
    static let minimumPredictions = 100

    private struct State {
        var reference: DriftReference?
        var window = DriftWindow()
    }

    private let state = Mutex(State())
    private let slice: Duration
    private let started = ContinuousClock.now

    /// A monitor over a window of `window` (slid in tenths of it).
    init(window: Duration) {
        slice = window / DriftWindow.sliceCount
    }

    /// Starts over with a newly served model's reference.
    func reset(reference: DriftReference?) {
        state.withLock { $0 = State(reference: reference) }
    }

    /// Counts one served prediction.
    func record(_ assessment: Assessment) {
        let slice = currentSlice
        state.withLock { state in
            guard state.reference != nil else { return }
            state.window.record(assessment, slice: slice)
        }
    }

    /// The Prometheus text of the scores: `american_drift_psi` per signal
    /// (absent until there is a reference and enough predictions) and the
    /// number of predictions in the window.
    func exposition() -> String {
        let (reference, totals) = state.withLock { ($0.reference, $0.window.totals(slice: currentSlice)) }
        var text = "# TYPE american_drift_window_predictions gauge\namerican_drift_window_predictions \(totals.tweets)\n"
        guard let scores = reference.map({ totals.scores(against: $0, minimum: Self.minimumPredictions) }) else { return text }
        text += "# TYPE american_drift_psi gauge\n"
        for case let (signal, psi?) in [("probability", scores.probability), ("oov", scores.unknownWords)] {
            text += "american_drift_psi{signal=\"\(signal)\"} \(psi)\n"
        }
        return text
    }

    private var currentSlice: Int {
        Int((ContinuousClock.now - started) / slice)
    }
}
