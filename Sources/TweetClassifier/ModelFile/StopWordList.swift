/// Which stop-word list a model removes before counting words.
public enum StopWordList: String, Codable, Sendable, CaseIterable {
    /// scikit-learn's 318 English stop words.
    case english
    /// Keep every word.
    case none

    /// The words to drop.
    public var words: Set<String> {
        switch self {
        case .english: StopWords.english
        case .none: []
        }
    }
}
