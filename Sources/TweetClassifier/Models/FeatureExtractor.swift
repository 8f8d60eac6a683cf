/// How a served model turns a tweet into its log-odds, one case per feature space.
///
/// The vocabulary kinds look terms up in a stored vocabulary, TF-IDF weigh
/// them and take a dot product; the hashed kinds hash word and character
/// n-grams into buckets and score them in one pass (`HashedScorer`). Either
/// way the statistics of the tweet's words (how many the model does not
/// know) come from the same pass.
enum FeatureExtractor: Sendable {
    /// Terms looked up in a vocabulary, TF-IDF weighted and scored.
    case vocabulary(TextAnalyzer, TfidfVectorizer, LinearScorer)
    /// Hashed n-gram blocks, weighed, normalised and scored together.
    case hashed(HashedScorer)

    /// The log-odds of `text`.
    func logit(_ text: String) -> Double {
        switch self {
        case let .vocabulary(analyzer, vectorizer, scorer): scorer.logit(vectorizer.transform(analyzer.terms(of: text)))
        case let .hashed(scorer): scorer.logit(text)
        }
    }

    /// The log-odds of `text` and the statistics of its words.
    func assess(_ text: String) -> (logit: Double, input: InputStatistics?) {
        switch self {
        case let .vocabulary(analyzer, vectorizer, scorer):
            let words = analyzer.words(of: text)
            return (scorer.logit(vectorizer.transform(analyzer.terms(ofWords: words))), Self.statistics(words, vectorizer.vocabulary))
        case let .hashed(scorer):
            return scorer.assess(text)
        }
    }

    /// The verdict's log-odds, the statistics of the tweet's words, and the
    /// share of each term (vocabulary) or word (hashed) in it, strongest first.
    func explain(_ text: String) -> (logit: Double, input: InputStatistics?, contributions: [TermContribution]) {
        switch self {
        case let .vocabulary(analyzer, vectorizer, scorer):
            let words = analyzer.words(of: text)
            let features = vectorizer.transform(analyzer.terms(ofWords: words))
            let contributions = scorer.contributions(features)
                .map { TermContribution(term: vectorizer.vocabulary.terms[Int($0.column)], contribution: $0.value) }
            return (scorer.logit(features), Self.statistics(words, vectorizer.vocabulary),
                    contributions.sorted { abs($0.contribution) > abs($1.contribution) })
        case let .hashed(scorer):
            return scorer.explain(text)
        }
    }

    /// Tokens and the ones the vocabulary lacks.
    private static func statistics(_ words: [String], _ vocabulary: Vocabulary) -> InputStatistics {
        InputStatistics(tokens: words.count, unknown: words.count { vocabulary.column(of: $0) == nil })
    }
}
