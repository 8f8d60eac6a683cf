import ArgumentParser
import TweetClassifier

/// The flags that say how to read a labelled CSV, shared by every command
/// that reads one.
struct DatasetOptions: ParsableArguments {
    @Option(help: "Name of the column holding the tweet text.")
    var textColumn = "text"

    @Option(help: "Name of the column holding the country code.")
    var labelColumn = "country_code"

    @Option(help: "Country code that counts as American (label 1).")
    var positive = "US"

    /// The schema these flags describe.
    var schema: DatasetSchema {
        DatasetSchema(textColumn: textColumn, labelColumn: labelColumn, positiveValue: positive)
    }

    /// Reads labelled tweets from `path`, failing on a file that has none.
    func load(_ path: String) throws -> (LabeledDataset, CSVFile.Summary) {
        let (dataset, summary) = try CSVFile.readDataset(path: path, schema: schema)
        guard !dataset.examples.isEmpty else {
            throw CLIError("'\(path)' has no usable rows (\(dataset.skippedRows) skipped)")
        }
        return (dataset, summary)
    }
}
