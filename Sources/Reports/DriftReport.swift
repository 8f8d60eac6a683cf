import TweetClassifier

/// The drift of a CSV's tweets against a model's training reference, as
/// `american score --model` prints it and writes it into its report.
public struct DriftReport: Sendable {
    /// The scores per signal.
    public let scores: DriftScores
    /// Tweets scored.
    public let tweets: Int

    /// Scores `counts` against `reference`.
    public init(counts: DriftCounts, reference: DriftReference) {
        self.scores = counts.scores(against: reference)
        self.tweets = counts.tweets
    }

    /// The usual reading of a PSI: below 0.1 stable, up to 0.25 moderate, above large.
    public static func reading(_ psi: Double) -> String {
        psi < 0.1 ? "stable" : psi <= 0.25 ? "moderate drift" : "large drift"
    }

    /// One line per signal, for the terminal.
    public var text: String {
        rows.map { "drift (PSI) of \($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// A Markdown section with a table of both signals.
    public var markdown: String {
        """
        ## Drift against the training reference

        Population stability index of \(tweets) tweets against the model's reference \
        (out-of-fold distributions of its training data, in tenths): below 0.1 is stable, above 0.25 is a large drift.

        | signal | PSI |
        |---|---:|
        \(rows.map { "| \($0.name) | \($0.value) |" }.joined(separator: "\n"))

        """
    }

    private var rows: [(name: String, value: String)] {
        [("predicted probability", scores.probability), ("unknown-word rate", scores.unknownWords)].map { name, psi in
            (name, psi.map { "\(Fixed.format($0, digits: 3)) (\(Self.reading($0)))" } ?? "not available")
        }
    }
}
