/// How a served model turns a tweet into features, one case per feature space.
///
/// The vocabulary kinds look terms up in a stored vocabulary; the hashed
/// kinds hash word and character n-grams into buckets, weighted by TF-IDF or
/// (NB-SVM) by log-count ratios. Either way the result is one sparse vector
/// for the linear scorer.
enum FeatureExtractor: Sendable {
    /// Terms looked up in a vocabulary and TF-IDF weighted.
    case vocabulary(TextAnalyzer, TfidfVectorizer)
    /// Hashed n-gram blocks, each TF-IDF weighted and normalised.
    case hashed(HashedVectorizer)
    /// Hashed n-gram blocks, binarised, scaled by log-count ratios and normalised.
    case logCountRatio(LogCountRatioVectorizer)

    /// The feature vector of `text`.
    func features(_ text: String) -> SparseVector {
        switch self {
        case let .vocabulary(analyzer, vectorizer): vectorizer.transform(analyzer.terms(of: text))
        case let .hashed(vectorizer): vectorizer.transform(text)
        case let .logCountRatio(vectorizer): vectorizer.transform(text)
        }
    }

    /// The verdict's log-odds and the share of each term (vocabulary) or
    /// word (hashed) in it, strongest first.
    func explain(_ text: String, scorer: LinearScorer) -> (logit: Double, contributions: [TermContribution]) {
        switch self {
        case let .vocabulary(analyzer, vectorizer):
            let features = vectorizer.transform(analyzer.terms(of: text))
            let contributions = scorer.contributions(features)
                .map { TermContribution(term: vectorizer.vocabulary.terms[Int($0.column)], contribution: $0.value) }
            return (scorer.logit(features), contributions.sorted { abs($0.contribution) > abs($1.contribution) })
        case let .hashed(vectorizer):
            return Self.explainHashed(text, analyzer: vectorizer.analyzer, weigh: vectorizer.weigh, scorer: scorer)
        case let .logCountRatio(vectorizer):
            return Self.explainHashed(text, analyzer: vectorizer.analyzer, weigh: vectorizer.weigh, scorer: scorer)
        }
    }

    /// The explanation of a hashed feature space: columns' shares given back to the tweet's words.
    private static func explainHashed(
        _ text: String, analyzer: HashedAnalyzer, weigh: (DocumentCounts) -> SparseVector, scorer: LinearScorer
    ) -> (logit: Double, contributions: [TermContribution]) {
        let document = analyzer.analyze(text)
        let counts = DocumentCounts(document)
        let features = weigh(counts)
        let contributions = WordAttribution.contributions(
            text: text, document: document, counts: counts, columnShares: scorer.contributions(features)
        )
        return (scorer.logit(features), contributions)
    }
}
