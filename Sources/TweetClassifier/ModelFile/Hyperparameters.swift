/// Every setting that shapes a model, stored in its file so that a model can
/// always be explained and retrained, and so that serving applies exactly the
/// text processing that training did.
public struct Hyperparameters: Codable, Sendable, Equatable {
    public var tokenizer: TokenizerOptions
    public var stopWords: StopWordList
    /// Longest word n-gram (1 = words only).
    public var ngramMax: Int
    /// Minimum number of training tweets a term must appear in.
    public var minDF: Int
    public var tfidf: TfidfOptions
    /// Naive Bayes smoothing, also of NB-SVM's log-count ratios (ignored by the other kinds).
    public var alpha: Double
    /// Inverse regularisation of logistic regression and the SVM (ignored by Naive Bayes).
    public var c: Double
    /// The hashed feature blocks of the `svm` and `logreg-dual` kinds (nil for
    /// the vocabulary kinds, whose features `ngramMax` and `minDF` describe).
    public var blocks: [FeatureBlock]?
    /// NB-SVM's interpolation (Wang & Manning 2012): the stored weights are
    /// `(1 - β)·mean|w| + β·w`, between the SVM's and a Naive Bayes-like
    /// uniform weight on the log-count ratios; nil for the other kinds (and
    /// omitted from their files). 1 keeps the SVM's weights as they are.
    public var beta: Double?

    /// Creates settings; every argument defaults to scikit-learn's course pipeline.
    public init(
        tokenizer: TokenizerOptions = .scikitLearn, stopWords: StopWordList = .english, ngramMax: Int = 1,
        minDF: Int = 1, tfidf: TfidfOptions = TfidfOptions(), alpha: Double = 1, c: Double = 1,
        blocks: [FeatureBlock]? = nil, beta: Double? = nil
    ) {
        self.tokenizer = tokenizer
        self.stopWords = stopWords
        self.ngramMax = ngramMax
        self.minDF = minDF
        self.tfidf = tfidf
        self.alpha = alpha
        self.c = c
        self.blocks = blocks
        self.beta = beta
    }

    /// The text analysis these settings describe.
    public var analyzer: TextAnalyzer {
        TextAnalyzer(tokenizer: Tokenizer(options: tokenizer), stopWords: stopWords.words, ngramMax: ngramMax)
    }

    /// The hashed analysis of `blocks` with these settings' tokenizer and stop words.
    public func hashedAnalyzer(blocks: [FeatureBlock]) -> HashedAnalyzer {
        HashedAnalyzer(blocks: blocks, tokenizer: Tokenizer(options: tokenizer), stopWords: stopWords.words)
    }

    enum CodingKeys: String, CodingKey {
        case tokenizer, tfidf, alpha, c, blocks, beta
        case stopWords = "stop_words"
        case ngramMax = "ngram_max"
        case minDF = "min_df"
    }
}
