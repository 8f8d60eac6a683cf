import Foundation
import Testing
@testable import TweetClassifier

@Suite("CSV parsing")
struct CSVParserTests {
    func parse(_ text: String, delimiter: Character = ";", chunk: Int = .max) -> [[String]] {
        var parser = CSVParser(delimiter: UInt8(ascii: delimiter.unicodeScalars.first!))
        var records: [[String]] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            parser.feed(bytes[start..<end]) { records.append($0) }
            start = end
        }
        parser.finish { records.append($0) }
        return records
    }

    @Test("quoted delimiters, doubled quotes and line breaks inside fields")
    func quoting() {
        let text = "id;text\n1;\"a;b\"\n2;\"say \"\"hi\"\"\"\n3;\"line one\nline two\"\r\n"
        #expect(parse(text) == [["id", "text"], ["1", "a;b"], ["2", "say \"hi\""], ["3", "line one\nline two"]])
    }

    @Test("records are the same whatever the chunk size", arguments: [1, 2, 3, 7, 64])
    func chunking(size: Int) {
        let text = "a;b\n\"x;\ny\";\"\"\"q\"\"\"\nlast;row"
        #expect(parse(text, chunk: size) == parse(text))
        #expect(parse(text).count == 3)
    }

    @Test("blank lines are skipped and a last line without a break is kept")
    func blankLines() {
        #expect(parse("a;b\n\n1;2\n\n3;4") == [["a", "b"], ["1", "2"], ["3", "4"]])
    }

    @Test("a stray quote inside an unquoted field is text")
    func strayQuote() {
        #expect(parse("a;b\nsay \"hi;x") == [["a", "b"], ["say \"hi", "x"]])
    }

    @Test("invalid UTF-8 becomes the replacement character instead of failing")
    func invalidUTF8() {
        var parser = CSVParser(delimiter: UInt8(ascii: ","))
        var records: [[String]] = []
        parser.feed([0x61, 0xFF, 0x62, 0x2C, 0x63]) { records.append($0) }
        parser.finish { records.append($0) }
        #expect(records == [["a\u{FFFD}b", "c"]])
    }

    @Test("the delimiter is read from the header line")
    func delimiterDetection() {
        #expect(CSVParser.detectDelimiter(headerLine: Array("a;b;\"c,d\"\n1,2,3,4,5".utf8)) == UInt8(ascii: ";"))
        #expect(CSVParser.detectDelimiter(headerLine: Array("text,country_code".utf8)) == UInt8(ascii: ","))
        #expect(CSVParser.detectDelimiter(headerLine: Array("text".utf8)) == UInt8(ascii: ","))
    }
}

@Suite("Labelled CSV files")
struct LabeledDatasetTests {
    func withFile(_ bytes: [UInt8], _ body: (String) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tweets-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        try body(url.path)
    }

    @Test("BOM, comma delimiter, labels by name, US is class 1 whatever its case")
    func readsFile() throws {
        let text = "id,text,country_code\n1,hello from Ohio,US\n2,\"hi, London\",GB\n3,yo,us\n"
        try withFile([0xEF, 0xBB, 0xBF] + Array(text.utf8)) { path in
            let (dataset, summary) = try CSVFile.readDataset(path: path, schema: DatasetSchema())
            #expect(dataset.examples == [
                LabeledTweet(text: "hello from Ohio", label: .american), LabeledTweet(text: "hi, London", label: .notAmerican), LabeledTweet(text: "yo", label: .american),
            ])
            #expect(summary.delimiter == UInt8(ascii: ","))
            #expect(summary.sha256.count == 64)
        }
    }

    @Test("rows without text or label and ragged rows are skipped and counted")
    func skipsAndCounts() throws {
        var dataset = try LabeledDataset(header: ["text", "country_code"], schema: DatasetSchema())
        dataset.add(record: ["  ", "US"])
        dataset.add(record: ["hello", ""])
        dataset.add(record: ["only one field"])
        dataset.add(record: ["fine", "CA", "extra"])
        #expect(dataset.skippedWithoutText == 1)
        #expect(dataset.skippedWithoutLabel == 1)
        #expect(dataset.skippedRagged == 1)
        #expect(dataset.examples == [LabeledTweet(text: "fine", label: .notAmerican)])
    }

    @Test("a missing column is a clear error naming it")
    func missingColumn() {
        #expect(throws: DatasetError.missingColumn("country_code", available: ["text", "place"])) {
            try LabeledDataset(header: ["text", "place"], schema: DatasetSchema())
        }
        let message = DatasetError.missingColumn("country_code", available: ["text"]).description
        #expect(message.contains("country_code") && !message.contains("\n"))
    }

    @Test("custom columns and positive code")
    func customSchema() throws {
        var dataset = try LabeledDataset(header: ["tweet", "cc"], schema: DatasetSchema(textColumn: "tweet", labelColumn: "cc", positiveValue: "CA"))
        dataset.add(record: ["eh", "CA"])
        #expect(dataset.examples.first?.label == .american)
    }

    @Test("a missing file and an empty file are clear errors")
    func unreadableFiles() throws {
        #expect(throws: DatasetError.unreadable(path: "/nonexistent/x.csv", reason: "no such file")) {
            try CSVFile.readDataset(path: "/nonexistent/x.csv", schema: DatasetSchema())
        }
        try withFile([]) { path in
            #expect(throws: DatasetError.noHeader) { try CSVFile.readDataset(path: path, schema: DatasetSchema()) }
        }
    }
}
