import Foundation
import TestFixtures
import Testing
@testable import TweetClassifier

@Suite("Hashed-feature models")
struct HashedModelTests {
    /// Small blocks keep the files of these tests small.
    static var settings: Hyperparameters {
        var settings = RecommendedSettings.for(.linearSVM)
        settings.blocks = [
            FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 2, minDF: 1, buckets: 1 << 10),
            FeatureBlock(analyzer: .charWB, ngramMin: 2, ngramMax: 5, minDF: 1, buckets: 1 << 12),
        ]
        return settings
    }

    static func trained(_ kind: ModelKind = .linearSVM) throws -> ModelFile {
        try Trainer.train(FixtureCorpus.training, kind: kind, settings: settings, provenance: Fixtures.provenance)
    }

    @Test("same data and settings twice give byte-identical weights", arguments: [ModelKind.linearSVM, .dualLogisticRegression, .nbSVM])
    func deterministic(kind: ModelKind) throws {
        let first = try Self.trained(kind), second = try Self.trained(kind)
        #expect(first.kind == kind)
        #expect(first.model == second.model, "the same 16-bit weight codes, intercept and calibration")
    }

    @Test("cross-validated training picks a grid point, weights the sources and records them")
    func selection() throws {
        let examples = FixtureCorpus.training + FixtureCorpus.training
        let sources = [Int](repeating: 0, count: FixtureCorpus.training.count) + [Int](repeating: 1, count: FixtureCorpus.training.count)
        let provenance = Trainer.Provenance(files: [.init(name: "a.csv", sha256: "a"), .init(name: "b.csv", sha256: "b")], skippedRows: 0, date: Date())
        let grid = GridPoint.defaultGrid(blockCount: 2, sourceWeights: [1, 0.5])
        #expect(grid.count == 36)
        #expect(grid.contains { $0.kind == .nbSVM })
        let outcome = try HashedTrainer.train(examples, sources: sources, grid: grid, folds: 2, settings: Self.settings, provenance: provenance)
        #expect(outcome.results.map(\.point) == grid)
        #expect(outcome.file.metadata.training.files.map(\.weight) == outcome.winner.sourceWeights.map { Optional($0) })
        #expect(outcome.file.kind == outcome.winner.kind)
        let again = try HashedTrainer.train(examples, sources: sources, grid: grid, folds: 2, settings: Self.settings, provenance: provenance)
        #expect(again.results == outcome.results, "parallel folds, same table")
    }

    /// The training path of a hashed model file, written out apart from
    /// `HashedScorer`: features as training weighs them, dotted with Platt's
    /// slope times the stored weights, plus the calibrated intercept.
    struct Reference {
        let logit: (String) -> Double
        let bias: Double
        let isPruned: (UInt32) -> Bool
        let scorer: HashedScorer

        init?(_ file: ModelFile) {
            let settings = file.hyperparameters
            let analyzer = settings.hashedAnalyzer(blocks: settings.blocks ?? [])
            func calibrated<W>(_ parameters: HashedParameters<W>, _ weigh: @escaping (DocumentCounts) -> SparseVector) -> ((String) -> Double, Double) {
                let (a, b, scale) = (parameters.calibration.a, parameters.calibration.b, parameters.weights.scale)
                let linear = LinearScorer(weights: parameters.weights.codes.map { a * Double(Float($0) * scale) }, bias: a * parameters.bias + b)
                return ({ linear.logit(weigh(analyzer.counts($0))) }, linear.bias)
            }
            switch file.model {
            case let .linearSVM(parameters), let .dualLogisticRegression(parameters):
                let vectorizer = HashedVectorizer(analyzer: analyzer, idf: parameters.idf, options: settings.tfidf)
                (logit, bias) = calibrated(parameters, vectorizer.weigh)
                isPruned = { parameters.idf.codes[Int($0)] == 0 }
                scorer = HashedScorer(analyzer: analyzer, tfidf: parameters, options: settings.tfidf)
            case let .nbSVM(parameters):
                (logit, bias) = calibrated(parameters) {
                    LogCountRatioVectorizer.weigh(columns: $0.columns[...], blockEnds: $0.blockEnds, ratios: parameters.ratios)
                }
                isPruned = { parameters.ratios.codes[Int($0)] == 0 }
                scorer = HashedScorer(analyzer: analyzer, nbSVM: parameters)
            case .naiveBayes, .logisticRegression:
                return nil
            }
        }
    }

    @Test("explanations are the tweet's words and add up to the calibrated log-odds", arguments: [ModelKind.linearSVM, .nbSVM])
    func explainWords(kind: ModelKind) throws {
        let file = try Self.trained(kind)
        let model = try TweetModel(file: file)
        let reference = try #require(Reference(file))
        let text = "Florida, Texas: cases rise! 🇺🇸"
        let (assessment, contributions) = model.explain(text)
        let prediction = assessment.prediction
        #expect(Set(contributions.map(\.term)).isSubset(of: ["florida", "texas", "cases", "rise", "🇺🇸"]))
        let logit = reference.bias + contributions.reduce(0) { $0 + $1.contribution }
        #expect(abs(LinearScorer.sigmoid(logit) - prediction.probability) < 1e-9)
        #expect(prediction == model.predict(text))
    }

    @Test("serving's one-pass scorer gives the log-odds and word statistics of the training path", arguments: [ModelKind.linearSVM, .dualLogisticRegression, .nbSVM])
    func scorerMatchesTrainingPath(kind: ModelKind) throws {
        let file = try Self.trained(kind)
        let model = try TweetModel(file: file)
        let reference = try #require(Reference(file))
        let analyzer = file.hyperparameters.hashedAnalyzer(blocks: file.hyperparameters.blocks ?? [])
        let texts = HashedAnalyzerTests.texts + ["stay home stay home stay home", "florida florida texas", ""]
        for text in texts {
            let expected = reference.logit(text)
            #expect(abs(reference.scorer.logit(text) - expected) <= 1e-12 * max(1, abs(expected)), "\(text)")
            let assessment = model.assess(text)
            #expect(assessment.prediction == model.predict(text), "\(text)")
            #expect(assessment.input == analyzer.statistics(analyzer.analyze(text), isPruned: reference.isPruned), "\(text)")
        }
    }

    @Test("a block whose n-grams cancel out scores as empty, and one left bucket as the training path does")
    func scorerCancellation() throws {
        let (a, b) = HashingTests.cancellingPair()
        let analyzer = HashedAnalyzer(blocks: [HashingTests.tiny], tokenizer: Tokenizer(options: .scikitLearn), stopWords: [])
        let parameters = HashedLinearModel(
            c: 1, weights: Quantized([0.5, -1, 2, 0.25]), bias: 0.3, columnWeights: Quantized([1, 2, 3, 4]),
            calibration: PlattCalibration(a: 2, b: -0.1)
        )
        let scorer = HashedScorer(analyzer: analyzer, tfidf: parameters, options: TfidfOptions(sublinearTF: true))
        #expect(scorer.logit("\(a) \(b)") == 2 * 0.3 - 0.1, "nothing left: the calibrated intercept")
        let vectorizer = HashedVectorizer(analyzer: analyzer, idf: parameters.idf, options: TfidfOptions(sublinearTF: true))
        let x = vectorizer.transform("\(a) \(b) \(a)")
        let expected = 2 * (zip(x.indices, x.values).reduce(0) { $0 + $1.1 * Double(parameters.weights.values[Int($1.0)]) } + 0.3) - 0.1
        #expect(abs(scorer.logit("\(a) \(b) \(a)") - expected) < 1e-12)
    }

    /// Applies `change` to the JSON object of a valid file of `kind`.
    func corrupted(_ kind: ModelKind = .linearSVM, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: try Self.trained(kind).encoded()) as! [String: Any]
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// Changes the parameters object (under `key`) of a valid file of `kind`.
    func corruptedParameters(
        _ kind: ModelKind = .linearSVM, key: String = "linear_svm", _ change: @escaping (inout [String: Any]) -> Void
    ) throws -> Data {
        try corrupted(kind) { o in
            var parameters = o[key] as! [String: Any]
            change(&parameters)
            o[key] = parameters
        }
    }

    /// Changes the hyperparameters of a valid file of `kind`.
    func corruptedSettings(_ kind: ModelKind, _ change: @escaping (inout [String: Any]) -> Void) throws -> Data {
        try corrupted(kind) { o in
            var settings = o["hyperparameters"] as! [String: Any]
            change(&settings)
            o["hyperparameters"] = settings
        }
    }

    @Test("corrupt or mismatched hashed models are refused with a message naming the problem")
    func corruptions() throws {
        let columns = (1 << 10) + (1 << 12)
        let cases: [(Data, String)] = [
            (try corrupted { $0["linear_svm"] = nil }, "linear_svm"),
            (try corrupted { $0["kind"] = "logreg-dual" }, "logistic_regression_dual"),
            (try corrupted { o in
                var h = o["hyperparameters"] as! [String: Any]
                h["blocks"] = nil
                o["hyperparameters"] = h
            }, "needs hyperparameters.blocks"),
            (try corrupted { o in
                var h = o["hyperparameters"] as! [String: Any]
                var blocks = h["blocks"] as! [[String: Any]]
                blocks[1]["buckets"] = 0
                h["blocks"] = blocks
                o["hyperparameters"] = h
            }, "char_wb block buckets must be between"),
            (try corrupted { o in
                var h = o["hyperparameters"] as! [String: Any]
                var blocks = h["blocks"] as! [[String: Any]]
                blocks[0]["ngram_max"] = 9
                h["blocks"] = blocks
                o["hyperparameters"] = h
            }, "word block n-gram range 1-9"),
            (try corrupted { $0["vocabulary"] = ["aa"] }, "must not carry a vocabulary"),
            (try corruptedParameters { $0["weights"] = PackedNumbers.encode(integers: [Int16](repeating: 1, count: 3)) },
             "linear_svm.weights has 3 values but the blocks have \(columns) buckets"),
            (try corruptedParameters { $0["weight_scale"] = 1e30 }, "linear_svm.weight_scale must be positive"),
            (try corruptedParameters { $0["idf_scale"] = -1.0 }, "linear_svm.idf_scale must be a positive number"),
            (try corruptedParameters { $0["idf_scale"] = 1.0 }, "linear_svm.idf values must be between 0"),
            (try corruptedParameters { $0["idf"] = "not base64!" }, "field 'linear_svm.idf'"),
            (try corruptedParameters { $0["idf"] = "AAAA" }, "linear_svm.idf has 3 values but the blocks have"),
            (try corruptedParameters { $0["calibration"] = ["a": -1.0, "b": 0.0] }, "linear_svm.calibration"),
            (try corruptedParameters { $0["calibration"] = nil }, "linear_svm.calibration"),
            (try corruptedParameters { $0["c"] = 0.0 }, "linear_svm.c must be a positive number"),
            (try corruptedSettings(.linearSVM) { $0["beta"] = 0.5 }, "hyperparameters.beta is set, but only an nbsvm model"),
        ]
        try expectRefused(cases)
    }

    @Test("corrupt or mismatched NB-SVM models are refused with a message naming the problem")
    func nbSVMCorruptions() throws {
        let columns = (1 << 10) + (1 << 12)
        let nb = { (change: @escaping (inout [String: Any]) -> Void) in try corruptedParameters(.nbSVM, key: "nb_svm", change) }
        try expectRefused([
            (try corrupted(.nbSVM) { $0["nb_svm"] = nil }, "nb_svm"),
            (try corrupted { $0["kind"] = "nbsvm" }, "nb_svm"),
            (try corrupted(.nbSVM) { $0["kind"] = "svm" }, "linear_svm"),
            (try nb { $0["ratios"] = PackedNumbers.encode(integers: [Int16](repeating: 1, count: 3)) },
             "nb_svm.ratios has 3 values but the blocks have \(columns) buckets"),
            (try nb { $0["ratios"] = "not base64!" }, "field 'nb_svm.ratios'"),
            (try nb { $0["ratio_scale"] = 0.0 }, "nb_svm.ratio_scale must be positive"),
            (try nb { $0["ratio_scale"] = 1.0 }, "nb_svm.ratio_scale must be positive and at most"),
            (try nb { $0["weights"] = PackedNumbers.encode(integers: [Int16](repeating: 1, count: 5)) },
             "nb_svm.weights has 5 values but the blocks have \(columns) buckets"),
            (try nb { $0["calibration"] = ["a": 0.0, "b": 0.0] }, "nb_svm.calibration"),
            (try nb { $0["c"] = -1.0 }, "nb_svm.c must be a positive number"),
            (try corruptedSettings(.nbSVM) { $0["beta"] = nil }, "an nbsvm model needs hyperparameters.beta between 0 and 1"),
            (try corruptedSettings(.nbSVM) { $0["beta"] = 1.5 }, "an nbsvm model needs hyperparameters.beta between 0 and 1"),
            (try corruptedSettings(.nbSVM) { $0["blocks"] = nil }, "a nbsvm model needs hyperparameters.blocks"),
        ])
    }

    /// Expects each file to be refused with an error naming its problem.
    func expectRefused(_ cases: [(Data, String)]) throws {
        for (data, message) in cases {
            #expect(throws: ModelFileError.self) { try ModelFile.decode(data) }
            do {
                _ = try ModelFile.decode(data)
            } catch {
                #expect(error.description.contains(message), "\(error.description) should name \(message)")
            }
        }
    }

    @Test("a vocabulary model that claims hashed blocks is refused")
    func blocksOnVocabularyKind() throws {
        var file = try Fixtures.trained(.naiveBayes)
        file.hyperparameters.blocks = [.words]
        #expect(throws: ModelFileError.invalid("hyperparameters.blocks is set, but a nb model reads its features through a vocabulary")) {
            try ModelFile.decode(try file.encoded())
        }
    }

    @Test("the shipped format-1 Naive Bayes file still loads")
    func shippedModelLoads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/Corpus/model-file/tiny-nb.json")
        let model = try TweetModel(modelData: Data(contentsOf: url))
        #expect(model.file.kind == .naiveBayes)
        #expect(model.explain("new york").contributions.map(\.term).sorted() == ["new", "york"])
    }
}
