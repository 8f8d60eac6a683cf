#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Labelled tweets read from CSV records, with an account of what was left out.
///
/// Building it is pure: it takes records (header first) from any source, so
/// the rules for skipping rows are tested without files.
public struct LabeledDataset: Sendable {
    /// The usable examples, in file order.
    public private(set) var examples: [LabeledTweet] = []
    /// Rows whose text was empty or only white space.
    public private(set) var skippedWithoutText = 0
    /// Rows whose label column was empty.
    public private(set) var skippedWithoutLabel = 0
    /// Rows with fewer fields than the columns we need.
    public private(set) var skippedRagged = 0

    private let textIndex: Int
    private let labelIndex: Int
    private let positiveValue: String

    /// Prepares to collect rows under `header`; fails when a column is missing.
    public init(header: [String], schema: DatasetSchema) throws(DatasetError) {
        let names = header.map { $0.trimming(while: \.isWhitespace) }
        guard let textIndex = names.firstIndex(of: schema.textColumn) else {
            throw .missingColumn(schema.textColumn, available: names)
        }
        guard let labelIndex = names.firstIndex(of: schema.labelColumn) else {
            throw .missingColumn(schema.labelColumn, available: names)
        }
        self.textIndex = textIndex
        self.labelIndex = labelIndex
        self.positiveValue = schema.positiveValue.uppercased()
    }

    /// Adds one record (a data row, not the header).
    public mutating func add(record: [String]) {
        guard record.count > max(textIndex, labelIndex) else {
            skippedRagged += 1
            return
        }
        let text = record[textIndex]
        let code = record[labelIndex].trimming(while: \.isWhitespace)
        if text.allSatisfy(\.isWhitespace) {
            skippedWithoutText += 1
        } else if code.isEmpty {
            skippedWithoutLabel += 1
        } else {
            examples.append(LabeledTweet(text: text, label: code.uppercased() == positiveValue ? .american : .notAmerican))
        }
    }

    /// Adds another file's examples and skip counts after this one's
    /// (training on several files reads each with its own header).
    public mutating func append(_ other: LabeledDataset) {
        examples += other.examples
        skippedWithoutText += other.skippedWithoutText
        skippedWithoutLabel += other.skippedWithoutLabel
        skippedRagged += other.skippedRagged
    }

    /// All rows left out, whatever the reason.
    public var skippedRows: Int { skippedWithoutText + skippedWithoutLabel + skippedRagged }
}
