/// How a served model turns a tweet into features, one case per feature space.
///
/// The vocabulary kinds look terms up in a stored vocabulary; the hashed
/// kinds hash word and character n-grams into buckets, weighted by TF-IDF or
/// (NB-SVM) by log-count ratios. Either way the result is one sparse vector
/// for the linear scorer, and the statistics of the tweet's words (how many
/// the model does not know) come from the same pass.
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

    /// The feature vector of `text` and the statistics of its words.
    func assess(_ text: String) -> (features: SparseVector, input: InputStatistics?) {
        switch self {
        case let .vocabulary(analyzer, vectorizer):
            let words = analyzer.words(of: text)
            return (vectorizer.transform(analyzer.terms(ofWords: words)), Self.statistics(words, vectorizer.vocabulary))
        case let .hashed(vectorizer):
            return vectorizer.assess(text)
        case let .logCountRatio(vectorizer):
            return vectorizer.assess(text)
        }
    }

    /// The verdict's log-odds, the statistics of the tweet's words, and the
    /// share of each term (vocabulary) or word (hashed) in it, strongest first.
    func explain(_ text: String, scorer: LinearScorer) -> (logit: Double, input: InputStatistics?, contributions: [TermContribution]) {
        switch self {
        case let .vocabulary(analyzer, vectorizer):
            let words = analyzer.words(of: text)
            let features = vectorizer.transform(analyzer.terms(ofWords: words))
            let contributions = scorer.contributions(features)
                .map { TermContribution(term: vectorizer.vocabulary.terms[Int($0.column)], contribution: $0.value) }
            return (scorer.logit(features), Self.statistics(words, vectorizer.vocabulary),
                    contributions.sorted { abs($0.contribution) > abs($1.contribution) })
        case let .hashed(vectorizer):
            return vectorizer.explain(text, scorer: scorer)
        case let .logCountRatio(vectorizer):
            return vectorizer.explain(text, scorer: scorer)
        }
    }

    /// Tokens and the ones the vocabulary lacks.
    private static func statistics(_ words: [String], _ vocabulary: Vocabulary) -> InputStatistics {
        InputStatistics(tokens: words.count, unknown: words.count { vocabulary.column(of: $0) == nil })
    }
}
