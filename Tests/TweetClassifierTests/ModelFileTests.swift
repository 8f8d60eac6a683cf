import Foundation
import TestFixtures
import Testing
@testable import TweetClassifier

@Suite("Model file")
struct ModelFileTests {
    @Test("save then load gives identical predictions", arguments: ModelKind.allCases)
    func roundTrip(kind: ModelKind) throws {
        // The hashed kinds with small blocks: shipped-size ones make this test the suite's slowest by far.
        let file = try Fixtures.trained(kind, settings: kind.usesVocabulary ? nil : HashedModelTests.settings)
        let loaded = try ModelFile.decode(try file.encoded())
        #expect(loaded == file)
        let before = try TweetModel(file: file), after = try TweetModel(file: loaded)
        for text in FixtureCorpus.training.map(\.text) + ["", "something new 🇺🇸"] {
            #expect(before.predict(text) == after.predict(text))
        }
    }

    @Test("metadata records date, code version, data hash and balance")
    func metadata() throws {
        let meta = try Fixtures.trained(.naiveBayes).metadata
        #expect(meta.modelDate == "2025-11-24T16:00:00Z")
        #expect(meta.codeVersion == CodeVersion.release)
        #expect(meta.training.rows == 10 && meta.training.positives == 5)
        #expect(meta.training.files == [.init(name: "toy.csv", sha256: String(repeating: "0", count: 64))])
    }

    /// Applies `change` to the JSON object of a valid file and decodes the result.
    func corrupted(_ kind: ModelKind = .naiveBayes, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: try Fixtures.trained(kind).encoded()) as! [String: Any]
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test("each kind of corruption is refused with its own message")
    func corruptions() throws {
        let cases: [(Data, ModelFileError)] = [
            (Data("{not json".utf8), .notJSON("")),
            (Data("[]".utf8), .notJSON("")),
            (try corrupted { $0["format_version"] = 99 }, .unsupportedFormatVersion(99)),
            (try corrupted { $0["format_version"] = nil }, .missingField("format_version")),
            (try corrupted { $0["vocabulary"] = nil }, .missingField("vocabulary")),
            (try corrupted { $0["vocabulary"] = "aa" }, .wrongType("vocabulary")),
            (try corrupted { $0["naive_bayes"] = nil }, .missingField("naive_bayes")),
            (try corrupted(.logisticRegression) { $0["logistic_regression"] = nil }, .missingField("logistic_regression")),
            (try corrupted { $0["idf"] = PackedNumbers.encode([1.0]) }, .invalid("idf has 1 values but the vocabulary has")),
            (try corrupted { $0["idf"] = "not base64!" }, .invalid("field 'idf'")),
            (try corrupted { o in
                o["idf"] = PackedNumbers.encode([Double](repeating: 500, count: (o["vocabulary"] as! [String]).count))
            }, .invalid("idf values must be positive and at most")),
            (try corrupted(.logisticRegression) { o in
                var lr = o["logistic_regression"] as! [String: Any]
                lr["intercept"] = 1e200
                o["logistic_regression"] = lr
            }, .invalid("logistic_regression.intercept[0] is larger than")),
            (try corrupted { $0["idf"] = [1.0] }, .wrongType("idf")),
            (try corrupted(.logisticRegression) { o in
                var lr = o["logistic_regression"] as! [String: Any]
                let count = (o["vocabulary"] as! [String]).count
                lr["coefficients"] = PackedNumbers.encode([Double](repeating: .nan, count: count))
                o["logistic_regression"] = lr
            }, .invalid("logistic_regression.coefficients[0] is not a finite number")),
            (try corrupted { $0["vocabulary"] = [] }, .invalid("the vocabulary is empty")),
            (try corrupted { o in o["vocabulary"] = (o["vocabulary"] as! [String]).map { _ in "same" } }, .invalid("the vocabulary has duplicate terms")),
            (try corrupted { o in
                var meta = o["metadata"] as! [String: Any]
                meta["model_date"] = "yesterday"
                o["metadata"] = meta
            }, .invalid("metadata.model_date 'yesterday' is not an ISO-8601 date")),
            (try corrupted(.logisticRegression) { o in
                var lr = o["logistic_regression"] as! [String: Any]
                lr["coefficients"] = PackedNumbers.encode([1.0])
                o["logistic_regression"] = lr
            }, .invalid("logistic_regression.coefficients has 1 values")),
            (try corrupted { $0["kind"] = "svm" }, .missingField("linear_svm")),
            (try corrupted { $0["kind"] = "perceptron" }, .invalid("field 'kind'")),
        ]
        for (data, expected) in cases {
            do {
                _ = try ModelFile.decode(data)
                Issue.record("accepted a corrupt file, expected \(expected)")
            } catch {
                #expect(Self.sameCase(error, expected), "got \(error), expected \(expected)")
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test("packed weights round-trip bit for bit, including signs of zero and extremes")
    func packedDoubles() {
        let values: [Double] = [0, -0.0, 1, -1.5, .pi, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -1e-300]
        let decoded = PackedNumbers.decode(PackedNumbers.encode(values), as: Double.self)
        #expect(decoded?.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(PackedNumbers.decode("AAAA", as: Double.self) == nil, "3 bytes are not a whole float64")
    }

    @Test("a weight that overflows a Double (1e999) is refused by the JSON parser, before any use")
    func infiniteWeights() throws {
        var text = String(decoding: try Fixtures.trained(.logisticRegression).encoded(), as: UTF8.self)
        let range = try #require(text.range(of: #""intercept":"#))
        text.insert(contentsOf: "1e999,\"x\":", at: range.upperBound)
        do {
            _ = try ModelFile.decode(Data(text.utf8))
            Issue.record("accepted an infinite intercept")
        } catch {
            #expect(Self.sameCase(error, .notJSON("")), "\(error)")
        }
    }

    /// Same case, and the message starts with the expected detail when one is given.
    static func sameCase(_ error: ModelFileError, _ expected: ModelFileError) -> Bool {
        switch (error, expected) {
        case (.notJSON, .notJSON): true
        case let (.unsupportedFormatVersion(a), .unsupportedFormatVersion(b)): a == b
        case let (.missingField(a), .missingField(b)), let (.wrongType(a), .wrongType(b)): a == b
        case let (.invalid(a), .invalid(b)): a.hasPrefix(b)
        default: false
        }
    }

    @Test("storage writes atomically and reads back; a missing file is a clear error")
    func storage() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("m-\(UUID().uuidString)/a.model.json").path
        let file = try Fixtures.trained(.naiveBayes)
        try ModelStorage.write(file, to: path)
        #expect(try ModelStorage.read(path) == file)
        #expect(throws: ModelFileError.invalid("cannot read '/nonexistent.model.json': no such file")) {
            try ModelStorage.read("/nonexistent.model.json")
        }
    }
}
