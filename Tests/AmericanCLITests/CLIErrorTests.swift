import Foundation
import TestFixtures
import Testing

/// Bad files given to the real `american` executable: each must end in a
/// one-line error on standard error and a non-zero exit, never a crash or a trace.
@Suite("american command-line errors", .serialized)
struct CLIErrorTests {
    static func file(_ name: String, _ content: [UInt8]) throws -> String {
        let folder = try FixtureModels.temporaryFolder()
        let url = folder.appendingPathComponent(name)
        try Data(content).write(to: url)
        return url.path
    }

    @Test("malformed CSVs and model files: one line, non-zero exit", arguments: [
        ("train", "no-label.csv", Array("text;place\nhello;NYC\n".utf8), "column 'country_code' not found"),
        ("train", "empty.csv", [UInt8](), "the file is empty"),
        ("train", "only-header.csv", Array("text;country_code\n".utf8), "no usable rows"),
        ("train", "one-class.csv", Array("text;country_code\nhi;US\nyo;US\n".utf8), "needs both American and non-American"),
        ("train", "binary.csv", [0xFF, 0xFE, 0x00, 0x01, 0x0A, 0x00], "not found in the header"),
        ("evaluate", "truncated.model.json", Array(#"{"format_version": 1, "kind": "n"#.utf8), "not valid JSON"),
        ("evaluate", "version.model.json", Array(#"{"format_version": 9}"#.utf8), "unsupported model format_version 9"),
        ("evaluate", "fields.model.json", Array(#"{"format_version": 1}"#.utf8), "missing the field"),
    ])
    func badFiles(command: String, name: String, content: [UInt8], message: String) throws {
        let path = try Self.file(name, content)
        let data = try Self.file("data.csv", Array("text;country_code\nhello from Ohio;US\nhi London;GB\n".utf8))
        let arguments = command == "train"
            ? ["train", "--data", path, "--out", path + ".out.json"]
            : ["evaluate", "--model", path, "--data", data]
        let outcome = try AmericanExecutable.run(arguments)
        #expect(outcome.status != 0)
        #expect(outcome.errorLines.count == 1, "\(outcome.errorLines)")
        #expect(outcome.errorLines.first?.hasPrefix("Error: ") == true)
        #expect(outcome.errorLines.first?.contains(message) == true, "\(outcome.errorLines)")
    }

    @Test("missing files are one-line errors too")
    func missingFiles() throws {
        for arguments in [["train", "--data", "/nonexistent/t.csv"], ["evaluate", "--model", "/nonexistent/m.json", "--data", "/nonexistent/t.csv"]] {
            let outcome = try AmericanExecutable.run(arguments)
            #expect(outcome.status != 0)
            #expect(outcome.errorLines.count == 1 && outcome.errorLines[0].contains("/nonexistent/"), "\(outcome.errorLines)")
        }
    }
}
