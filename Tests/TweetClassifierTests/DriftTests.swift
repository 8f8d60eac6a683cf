import Foundation
import TestFixtures
import Testing
@testable import TweetClassifier

@Suite("Drift: reference, unknown words and PSI")
struct DriftTests {
    @Test("PSI is 0 for the reference itself, matches a hand computation, floors empty bins, and is nil without data")
    func populationStability() throws {
        let expected = [0.5, 0.5]
        #expect(PopulationStability.index(expected: expected, observed: [10, 10]) == 0)
        // (0.8 − 0.5)·ln(0.8/0.5) + (0.2 − 0.5)·ln(0.2/0.5)
        let psi = try #require(PopulationStability.index(expected: expected, observed: [8, 2]))
        #expect(abs(psi - (0.3 * log(1.6) + 0.3 * log(2.5))) < 1e-12)
        let empty = try #require(PopulationStability.index(expected: [1, 0], observed: [0, 5]))
        #expect(empty.isFinite && empty > 5, "an empty bin is floored at 1e-4, not infinite")
        #expect(PopulationStability.index(expected: expected, observed: [0, 0]) == nil)
    }

    @Test("values fall in tenths; 1 and out-of-range values go to the nearest end bin")
    func bins() {
        #expect([0, 0.05, 0.1, 0.55, 0.99, 1, -0.2, 1.5].map(DriftReference.bin) == [0, 0, 1, 5, 9, 9, 0, 9])
        let reference = DriftReference(probabilities: [0.05, 0.15, 0.15, 0.95], unknownShares: nil)
        #expect(reference.probability == [0.25, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.25])
        #expect(reference.rows == 4 && reference.unknownWords == nil)
    }

    @Test("the unknown words of a tweet are its tokens in pruned buckets (hashed) or outside the vocabulary")
    func unknownWords() throws {
        let hashed = try TweetModel(file: FixtureModels.crossValidated())
        #expect(hashed.assess("texas schools closed today").input == InputStatistics(tokens: 4, unknown: 0))
        let strange = try #require(hashed.assess("texas qwxzv plorkt").input)
        #expect(strange.tokens == 3 && strange.unknown >= 1, "never-seen words are unknown (unless a hash collides)")
        #expect(hashed.assess("🙂").input == InputStatistics(tokens: 0, unknown: 0))
        #expect(hashed.assess("").input?.unknownShare == nil)
        let vocabulary = try TweetModel(file: Fixtures.trained(.logisticRegression))
        let input = try #require(vocabulary.assess("Texas qwxzv").input)
        #expect(input == InputStatistics(tokens: 2, unknown: 1))
        #expect(vocabulary.assess("Texas qwxzv").prediction == vocabulary.predict("Texas qwxzv"))
    }

    @Test("the prediction path (counting) and the explanation path (analysis) count the same tokens and unknown words",
          arguments: [ModelKind.linearSVM, .dualLogisticRegression, .nbSVM])
    func samePathStatistics(kind: ModelKind) throws {
        var settings = HashedModelTests.settings
        settings.blocks?[0].minDF = 2
        let model = try TweetModel(file: Trainer.train(FixtureCorpus.training + FixtureCorpus.heldOut, kind: kind, settings: settings, provenance: Fixtures.provenance))
        for text in (FixtureCorpus.training + FixtureCorpus.heldOut).map(\.text) + ["qwxzv Texas plorkt", "🙂 @someone #tag", ""] {
            let assessed = model.assess(text)
            #expect(assessed == model.explain(text).assessment, "\(text)")
            #expect(assessed.prediction == model.predict(text))
        }
        #expect(model.assess("qwxzv Texas plorkt").input?.unknown ?? 0 >= 1)
    }

    @Test("out-of-fold unknown words are the tokens whose column the fold's own vectorizer prunes")
    func outOfFold() {
        let tokens: [[UInt32]] = [[7, 9], [7], []]
        let folds = StratifiedFolds(strata: [0, 1, 2], k: 3)
        let analyzer = Hyperparameters().hashedAnalyzer(blocks: [FeatureBlock(analyzer: .word, ngramMin: 1, ngramMax: 1, minDF: 1, buckets: 16)])
        func vectorizer(keeping columns: Set<Int>) -> HashedVectorizer {
            HashedVectorizer(analyzer: analyzer, idf: Quantized(codes: (0..<16).map { columns.contains($0) ? 1 : 0 }, scale: 1), options: TfidfOptions())
        }
        // Every row is a fold of its own: row 0's fold keeps 7 and prunes 9, row 1's keeps 7; row 2 has no tokens.
        let known = folds.heldOut.map { $0 == [0] ? vectorizer(keeping: [7]) : vectorizer(keeping: [7, 9]) }
        #expect(OutOfFoldUnknownWords.rates(tokens, folds: folds, vectorizers: known, rows: [0, 1, 2]) == [0.5, 0])
        let pruned = folds.heldOut.map { _ in vectorizer(keeping: []) }
        #expect(OutOfFoldUnknownWords.rates(tokens, folds: folds, vectorizers: pruned, rows: [0, 1, 2]) == [1, 1])
        #expect(OutOfFoldUnknownWords.rates(tokens, folds: folds, vectorizers: known, rows: [1]) == [0], "only the rows asked for")
    }

    @Test("cross-validated training writes a valid drift reference of the first source's rows; a corrupt one is refused")
    func reference() throws {
        let file = try FixtureModels.crossValidated()
        let reference = try #require(file.metadata.driftReference)
        #expect(reference.rows == 200)
        #expect(try #require(reference.unknownWords)[0] > 0.9, "out of fold, nearly every word of the synthetic tweets is known")
        #expect(abs(reference.probability.reduce(0, +) - 1) < 1e-9)
        #expect(try ModelFile.decode(file.encoded()).metadata.driftReference == reference)
        let uncalibrated = try HashedTrainer.train(
            FixtureCorpus.training, sources: [Int](repeating: 0, count: 10), grid: [GridPoint(kind: .linearSVM, c: 1, blocks: [0, 1], sourceWeights: [1])],
            folds: 0, settings: HashedModelTests.settings, provenance: Fixtures.provenance
        )
        #expect(uncalibrated.file.metadata.driftReference == nil, "no cross-validation, no reference")
        var corrupt = file
        corrupt.metadata.driftReference?.probability = [1, 1]
        #expect(throws: ModelFileError.invalid("metadata.drift_reference: probability has 2 bins, not 10")) { try ModelFile.decode(corrupt.encoded()) }
        corrupt.metadata.driftReference = reference
        corrupt.metadata.driftReference?.unknownWords = [Double](repeating: 0.2, count: 10)
        #expect(throws: ModelFileError.invalid("metadata.drift_reference: unknown_words must be 10 non-negative shares that sum to 1")) {
            try ModelFile.decode(corrupt.encoded())
        }
    }

    @Test("drift counts give a low score for the reference's own kind of text and a high one for other text")
    func counts() throws {
        let model = try TweetModel(file: FixtureModels.crossValidated())
        let reference = try #require(model.file.metadata.driftReference)
        var familiar = DriftCounts(), strange = DriftCounts()
        for tweet in FixtureCorpus.synthetic(1000..<1400) { familiar.add(model.assess(tweet.text)) }
        for tweet in FixtureCorpus.training + FixtureCorpus.heldOut { strange.add(model.assess(tweet.text)) }
        let low = familiar.scores(against: reference), high = strange.scores(against: reference)
        #expect(try #require(low.unknownWords) < 0.1 && #require(low.probability) < 0.1, "\(low)")
        #expect(try #require(high.unknownWords) > 1, "\(high)")
        #expect(familiar.scores(against: reference, minimum: 1000) == DriftScores(probability: nil, unknownWords: nil))
    }
}
