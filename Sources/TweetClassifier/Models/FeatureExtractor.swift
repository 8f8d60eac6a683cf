/// How a served model turns a tweet into features, one case per feature space.
///
/// The vocabulary kinds look terms up in a stored vocabulary; the hashed
/// kinds hash word and character n-grams into buckets. Either way the result
/// is one sparse vector for the linear scorer.
enum FeatureExtractor: Sendable {
    /// Terms looked up in a vocabulary and TF-IDF weighted.
    case vocabulary(TextAnalyzer, TfidfVectorizer)
    /// Hashed n-gram blocks, each TF-IDF weighted and normalised.
    case hashed(HashedVectorizer)

    /// The feature vector of `text`.
    func features(_ text: String) -> SparseVector {
        switch self {
        case let .vocabulary(analyzer, vectorizer): vectorizer.transform(analyzer.terms(of: text))
        case let .hashed(vectorizer): vectorizer.transform(text)
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
            let document = vectorizer.analyzer.analyze(text)
            let counts = DocumentCounts(document)
            let features = vectorizer.weigh(counts)
            let contributions = WordAttribution.contributions(
                text: text, document: document, counts: counts, columnShares: scorer.contributions(features)
            )
            return (scorer.logit(features), contributions)
        }
    }
}
