import Foundation
import TestFixtures
import Testing
@testable import TweetClassifier

@Suite("Naive Bayes")
struct NaiveBayesTests {
    @Test("probabilities match a hand computation on a toy corpus")
    func handComputed() throws {
        let file = try Trainer.train(Fixtures.toyTweets, kind: .naiveBayes, settings: Fixtures.countSettings, provenance: Fixtures.provenance)
        #expect(file.vocabulary == ["aa", "bb", "cc", "dd"])
        guard case let .naiveBayes(nb) = file.model else { Issue.record("expected a Naive Bayes model, got \(file.kind)"); return }
        // Class 1 counts aa 2, bb 1, cc 1, dd 0 (total 4); class 0: cc 1, dd 1 (total 2); 4 features, alpha 1.
        let expected1 = [3.0, 2, 2, 1].map { log($0 / 8) }
        let expected0 = [1.0, 1, 2, 2].map { log($0 / 6) }
        for k in 0..<4 {
            #expect(abs(nb.featureLogProb[1][k] - expected1[k]) < 1e-12)
            #expect(abs(nb.featureLogProb[0][k] - expected0[k]) < 1e-12)
        }
        #expect(abs(nb.classLogPrior[1] - log(2.0 / 3)) < 1e-12)
        // P(1 | "aa dd") = (2/3·3/8·1/8) / (2/3·3/8·1/8 + 1/3·1/6·2/6)
        let joint1 = 2.0 / 3 * 3 / 8 * 1 / 8, joint0 = 1.0 / 3 * 1 / 6 * 2 / 6
        let prediction = try TweetModel(file: file).predict("aa dd")
        #expect(abs(prediction.probability - joint1 / (joint1 + joint0)) < 1e-12)
        #expect(prediction.label == .american)
    }

    @Test("a text with no known word gets the class prior")
    func unknownWords() throws {
        let model = try TweetModel(file: Trainer.train(Fixtures.toyTweets, kind: .naiveBayes, settings: Fixtures.countSettings, provenance: Fixtures.provenance))
        #expect(abs(model.predict("zz yy").probability - 2.0 / 3) < 1e-12)
        #expect(abs(model.predict("").probability - 2.0 / 3) < 1e-12)
    }
}

@Suite("Logistic regression")
struct LogisticRegressionTests {
    static let separable = (0..<20).map { LabeledTweet(text: $0 % 2 == 0 ? "good great fine" : "bad awful poor", label: $0 % 2 == 0 ? .american : .notAmerican) }

    @Test("converges on a separable set: every example right with high confidence")
    func separable() throws {
        var settings = Fixtures.countSettings
        settings.c = 100
        let model = try TweetModel(file: Trainer.train(Self.separable, kind: .logisticRegression, settings: settings, provenance: Fixtures.provenance))
        #expect(model.predict("good great").probability > 0.95)
        #expect(model.predict("awful poor").probability < 0.05)
        let report = Trainer.evaluate(model, on: Self.separable).report
        #expect(report.accuracy == 1)
    }

    @Test("stronger regularisation gives smaller weights")
    func regularisation() throws {
        func norm(_ c: Double) throws -> Double {
            var settings = Fixtures.countSettings
            settings.c = c
            let file = try Trainer.train(Self.separable, kind: .logisticRegression, settings: settings, provenance: Fixtures.provenance)
            guard case let .logisticRegression(model) = file.model else { return .nan }
            return model.coefficients.reduce(0) { $0 + $1 * $1 }
        }
        #expect(try norm(0.01) < norm(1))
    }

    @Test("training is deterministic")
    func deterministic() throws {
        let a = try Fixtures.trained(.logisticRegression)
        let b = try Fixtures.trained(.logisticRegression)
        #expect(a.model == b.model)
    }

    @Test("the gradient-free optimum: the gradient of the fitted model is near zero")
    func optimality() throws {
        var settings = Fixtures.countSettings
        settings.c = 1
        let file = try Trainer.train(FixtureCorpus.training, kind: .logisticRegression, settings: settings, provenance: Fixtures.provenance)
        guard case let .logisticRegression(model) = file.model else { Issue.record("expected logistic regression, got \(file.kind)"); return }
        let vectorizer = TfidfVectorizer(vocabulary: Vocabulary(terms: file.vocabulary), idf: file.idf, options: settings.tfidf)
        var gradient = model.coefficients
        var interceptGradient = 0.0
        for tweet in FixtureCorpus.training {
            let x = vectorizer.transform(settings.analyzer.terms(of: tweet.text))
            let residual = LinearScorer.sigmoid(model.scorer.logit(x)) - Double(tweet.label.rawValue)
            for (column, value) in zip(x.indices, x.values) { gradient[Int(column)] += residual * value }
            interceptGradient += residual
        }
        #expect((gradient + [interceptGradient]).map(abs).max()! < 1e-3)
    }
}

@Suite("Training")
struct TrainerTests {
    @Test("training needs both classes")
    func bothClasses() {
        #expect(throws: Trainer.TrainingError.needsBothClasses(positives: 2, negatives: 0)) {
            try Trainer.train([LabeledTweet(text: "aa", label: .american), LabeledTweet(text: "bb", label: .american)],
                              kind: .naiveBayes, settings: Hyperparameters(), provenance: Fixtures.provenance)
        }
    }

    @Test("min-df leaving no term is an error, not an empty model")
    func emptyVocabulary() {
        var settings = Fixtures.countSettings
        settings.minDF = 50
        #expect(throws: Trainer.TrainingError.emptyVocabulary) {
            try Trainer.train(Fixtures.toyTweets, kind: .naiveBayes, settings: settings, provenance: Fixtures.provenance)
        }
    }

    @Test("TF-IDF matches scikit-learn: smooth idf and unit length")
    func tfidf() {
        let vectorizer = TfidfVectorizer.fit(documents: [["aa", "bb"], ["aa"]], minDF: 1, options: TfidfOptions())
        // idf(aa) = ln(3/3) + 1 = 1, idf(bb) = ln(3/2) + 1
        #expect(vectorizer.idf[0] == 1)
        #expect(abs(vectorizer.idf[1] - (log(1.5) + 1)) < 1e-12)
        let x = vectorizer.transform(["aa", "bb", "bb", "zz"])
        #expect(x.indices == [0, 1])
        let norm = x.values.reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-12)
        #expect(abs(x.values[1] / x.values[0] - 2 * (log(1.5) + 1)) < 1e-12)
    }

    @Test("explanations name the terms and add up to the logit")
    func explanations() throws {
        let file = try Fixtures.trained(.logisticRegression)
        let model = try TweetModel(file: file)
        let (assessment, contributions) = model.explain("Stuck at home in New York")
        let prediction = assessment.prediction
        #expect(contributions.contains { $0.term == "new york" })
        guard case let .logisticRegression(parameters) = file.model else { Issue.record("expected logistic regression, got \(file.kind)"); return }
        let logit = parameters.intercept + contributions.reduce(0) { $0 + $1.contribution }
        #expect(abs(LinearScorer.sigmoid(logit) - prediction.probability) < 1e-12)
        let magnitudes = contributions.map { abs($0.contribution) }
        #expect(magnitudes == magnitudes.sorted(by: >))
    }
}

@Suite("Serving analyzer")
struct ServingAnalyzerTests {
    @Test("prediction gives exactly the training pipeline's answer")
    func sameAnswers() throws {
        let file = try Fixtures.trained(.naiveBayes)
        guard case let .naiveBayes(naiveBayes) = file.model else { Issue.record("expected naive Bayes, got \(file.kind)"); return }
        let model = try TweetModel(file: file)
        let settings = file.hyperparameters
        let vectorizer = TfidfVectorizer(vocabulary: Vocabulary(terms: file.vocabulary), idf: file.idf, options: settings.tfidf)
        for text in FixtureCorpus.training.map(\.text) + ["the us and them in New York", "we are all in this together, us", ""] {
            let reference = LinearScorer.sigmoid(naiveBayes.scorer.logit(vectorizer.transform(settings.analyzer.terms(of: text))))
            #expect(model.predict(text).probability == reference)
        }
    }
}

@Suite("Vectorizer fitting")
struct VectorizerFittingTests {
    @Test("fitTransform gives the same vectors as fit then transform, with min-df applied")
    func fitTransformMatchesTransform() {
        let analyzer = TextAnalyzer(tokenizer: Tokenizer(options: .tweet), stopWords: StopWords.english, ngramMax: 2)
        let documents = FixtureCorpus.training.map { analyzer.terms(of: $0.text) } + [["stay", "stay", "home"], []]
        for minDF in [1, 2] {
            let (vectorizer, rows) = TfidfVectorizer.fitTransform(documents: documents, minDF: minDF, options: TfidfOptions(sublinearTF: true))
            #expect(vectorizer.vocabulary.terms == vectorizer.vocabulary.terms.sorted())
            #expect(rows == documents.map(vectorizer.transform))
        }
        let (twice, _) = TfidfVectorizer.fitTransform(documents: documents, minDF: 2, options: TfidfOptions())
        #expect(twice.vocabulary.terms.contains("stay") && !twice.vocabulary.terms.contains("mumbai"))
    }
}

@Suite("Parallel map")
struct ParallelMapTests {
    @Test("same result and order as a serial map, below and above the parallel threshold", arguments: [10, 2_000, 5_001])
    func sameAsMap(count: Int) {
        let items = Array(0..<count)
        #expect(ParallelMap.map(items) { $0 * 3 + 1 } == items.map { $0 * 3 + 1 })
    }

    @Test("the chunks cover the range in order, without overlap, small ranges included", arguments: [0, 1, 3, 1_000])
    func chunks(count: Int) {
        #expect(ParallelMap.chunks(count).flatMap { Array($0) } == Array(0..<count))
    }
}
