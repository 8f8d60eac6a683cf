/// One block of a hashed feature space: which n-grams, how rare an n-gram may
/// be, and how many buckets it has.
///
/// Blocks are TF-IDF weighted and L2-normalised each on its own, then laid
/// side by side (scikit-learn's `make_union` of two `TfidfVectorizer`s), so
/// that the thousand character n-grams of a tweet do not drown its twenty words.
public struct FeatureBlock: Codable, Sendable, Equatable, Hashable {
    /// What the n-grams are made of.
    public enum Analyzer: String, Codable, Sendable, Hashable {
        /// Word n-grams of the tokenizer's tokens (stop words removed first).
        case word
        /// Character n-grams inside word boundaries (scikit-learn's `char_wb`).
        case charWB = "char_wb"
    }

    public var analyzer: Analyzer
    /// Shortest n-gram.
    public var ngramMin: Int
    /// Longest n-gram.
    public var ngramMax: Int
    /// N-grams kept only when at least this many training tweets have them
    /// (`NgramFrequencies`); a bucket is kept when a kept n-gram fills it.
    public var minDF: Int
    /// Number of hash buckets (columns) of the block.
    public var buckets: Int

    /// Creates a block.
    public init(analyzer: Analyzer, ngramMin: Int, ngramMax: Int, minDF: Int, buckets: Int) {
        self.analyzer = analyzer
        self.ngramMin = ngramMin
        self.ngramMax = ngramMax
        self.minDF = minDF
        self.buckets = buckets
    }

    /// Word 1-2-grams in 2^19 buckets, min-df 2: the shipped word block (fewer
    /// buckets cost accuracy: a served tweet's unseen n-grams share the kept ones' buckets).
    public static let words = FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 2, minDF: 2, buckets: 1 << 19)
    /// Character 2-5-grams in 2^20 buckets, min-df 2: the shipped character block.
    public static let characters = FeatureBlock(analyzer: .charWB, ngramMin: 2, ngramMax: 5, minDF: 2, buckets: 1 << 20)

    /// The largest bucket count a file may ask for (keeps a crafted file from exhausting memory).
    public static let maximumBuckets = 1 << 24

    /// Why this block cannot be used, or nil when it can.
    public var problem: String? {
        let longest = analyzer == .word ? 5 : 10
        guard ngramMin >= 1, ngramMin <= ngramMax, ngramMax <= longest else {
            return "\(analyzer.rawValue) block n-gram range \(ngramMin)-\(ngramMax) must lie within 1-\(longest)"
        }
        guard minDF >= 1 else { return "\(analyzer.rawValue) block min_df must be at least 1, not \(minDF)" }
        guard (1...Self.maximumBuckets).contains(buckets) else {
            return "\(analyzer.rawValue) block buckets must be between 1 and \(Self.maximumBuckets), not \(buckets)"
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case analyzer, buckets
        case ngramMin = "ngram_min"
        case ngramMax = "ngram_max"
        case minDF = "min_df"
    }
}
