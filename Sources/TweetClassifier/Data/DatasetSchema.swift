/// Which columns of a CSV hold the text and the label, and which label value
/// means "American".
///
/// The defaults fit the course's data (`text`, `country_code`, `US`); other
/// exports only need different names here, never code changes.
public struct DatasetSchema: Sendable, Equatable {
    /// The column with the tweet text.
    public var textColumn: String
    /// The column with the country code.
    public var labelColumn: String
    /// The country code that counts as class 1 (compared after trimming, ignoring case).
    public var positiveValue: String

    /// Creates a schema; every argument has the course's default.
    public init(textColumn: String = "text", labelColumn: String = "country_code", positiveValue: String = "US") {
        self.textColumn = textColumn
        self.labelColumn = labelColumn
        self.positiveValue = positiveValue
    }
}
