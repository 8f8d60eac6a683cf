import AmericanAPI
import Foundation
import TweetClassifier

/// The checks every fuzz engine runs on one input. A broken invariant calls
/// `fatalError`, which libFuzzer (and the random driver) report as a crash
/// together with the input that caused it.
public enum Harness {
    /// The shipped model, loaded once (nil when it cannot be found; the model
    /// checks are then skipped). `FUZZ_MODEL` overrides the path.
    public static let shippedModel: TweetModel? = {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["FUZZ_MODEL"], "models/american.model.json", "../models/american.model.json"]
        for case let path? in candidates where FileManager.default.fileExists(atPath: path) {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                return try TweetModel(file: ModelFile.decode(data))
            } catch {
                fatalError("the model at \(path) does not load: \(error)")
            }
        }
        FileHandle.standardError.write(Data("fuzz: no model found (set FUZZ_MODEL); model checks skipped\n".utf8))
        return nil
    }()

    static let tokenizers = [Tokenizer(options: .scikitLearn), Tokenizer(options: .tweet)]
    static let analyzers = tokenizers.map { TextAnalyzer(tokenizer: $0, stopWords: StopWords.english, ngramMax: 3) }

    // MARK: - Tokenizer, analyzer and prediction

    /// Tokenizes, analyses and scores `bytes` decoded as UTF-8 (invalid
    /// sequences become U+FFFD, as `String(decoding:as:)` does).
    public static func tokenizer(_ bytes: UnsafeRawBufferPointer) {
        text(String(decoding: bytes, as: UTF8.self), withModel: true)
    }

    /// The invariants of the text pipeline on one text.
    public static func text(_ text: String, withModel: Bool) {
        for (tokenizer, analyzer) in zip(tokenizers, analyzers) {
            let tokens = tokenizer.tokens(in: text)
            for token in tokens {
                check(!token.text.isEmpty, "empty token in \(debug(text))")
                check(!token.text.unicodeScalars.contains { $0.properties.isWhitespace }, "token '\(token.text)' holds white space")
                switch token.kind {
                case .word: check(token.text.unicodeScalars.count >= 2, "one-character word token '\(token.text)'")
                case .hashtag: check(token.text.hasPrefix("#") && token.text.unicodeScalars.count >= 2, "bad hashtag '\(token.text)'")
                case .mention: check(token.text.hasPrefix("@") && token.text.unicodeScalars.count >= 2, "bad mention '\(token.text)'")
                case .url: check(token.text.hasPrefix("url:"), "bad link token '\(token.text)'")
                case .emoji: check(tokenizer.options.keepEmoji, "emoji token without keepEmoji")
                }
            }
            check(tokens == tokenizer.tokens(in: text), "tokenizer is not deterministic on \(debug(text))")

            // Unigrams (stop words removed), then bigrams, then trigrams.
            let terms = analyzer.terms(of: text)
            let words = tokens.filter { $0.kind != .word || !StopWords.english.contains($0.text) }.map(\.text)
            let k = words.count
            let expected = k + max(0, k - 1) + max(0, k - 2)
            check(terms.count == expected, "analyzer gave \(terms.count) terms for \(k) words, expected \(expected)")
            check(Array(terms.prefix(k)) == words, "analyzer unigrams differ from the tokenizer's")
        }
        guard withModel, let model = shippedModel else { return }
        let prediction = model.predict(text)
        checkProbability(prediction, "predict")
        let assessed = model.assess(text)
        check(assessed.prediction == prediction, "assess and predict disagree: \(assessed.prediction) vs \(prediction)")
        if let input = assessed.input {
            check(input.unknown >= 0 && input.unknown <= input.tokens, "unknown words \(input.unknown) outside 0...\(input.tokens) tokens")
        }
        let (explained, contributions) = model.explain(text)
        check(explained == assessed, "explain and assess disagree: \(explained) vs \(assessed)")
        check(contributions.allSatisfy { $0.contribution.isFinite }, "non-finite contribution")
        check(zip(contributions, contributions.dropFirst()).allSatisfy { abs($0.contribution) >= abs($1.contribution) },
              "contributions are not sorted by magnitude")
    }

    // MARK: - Request body decoder

    /// The codes of the 400s a body may be refused with.
    static let refusalCodes: Set<String> = ["malformed_json", "missing_text", "invalid_text"]

    /// Decodes `bytes` as the bodies of the single-tweet and batch routes with the
    /// contract's own reader (`AmericanAPI`, as the server uses it). Every failure must be one of the API's 400 refusals;
    /// every accepted text must survive a JSON round trip and the text pipeline;
    /// and the reader must agree with Foundation's `JSONSerialization`.
    public static func requestDecoder(_ bytes: UnsafeRawBufferPointer) {
        do {
            let text = try APIRequestBody.text(fromJSON: bytes)
            let encoded = (try? JSONEncoder().encode(["text": text])) ?? Data()
            let again = encoded.withUnsafeBytes { try? APIRequestBody.text(fromJSON: $0) }
            check(again == text, "text does not survive a JSON round trip: \(debug(text))")
            Harness.text(text, withModel: true)
        } catch {
            check(Self.refusalCodes.contains(error.code), "unexpected refusal code \(error.code)")
        }
        do {
            let texts = try APIRequestBody.texts(fromJSON: bytes)
            for text in texts.prefix(8) { Harness.text(text, withModel: false) }
        } catch {
            check(Self.refusalCodes.contains(error.code), "unexpected refusal code \(error.code)")
        }
        FoundationOracle.compareWithFoundation(bytes)
    }

    // MARK: - Model files

    /// Decodes `bytes` as a model file. A file that decodes must build a model
    /// whose predictions are probabilities; one that does not must say why
    /// with a `ModelFileError`.
    public static func modelFile(_ bytes: UnsafeRawBufferPointer) {
        let file: ModelFile
        do {
            file = try ModelFile.decode(Data(bytes))
        } catch {
            check(!error.description.isEmpty, "empty model file error")
            return
        }
        let model: TweetModel
        do {
            model = try TweetModel(file: file)
        } catch {
            fatalError("a decoded, validated model file does not build a model: \(error)")
        }
        let vocabulary = file.vocabulary.prefix(3)
        for text in ["", "hello from ohio", "#covid19 new york new york", "stay home 🇺🇸 https://t.co/x @cnn",
                     vocabulary.joined(separator: " "), (vocabulary + vocabulary).joined(separator: " ")] {
            checkProbability(model.predict(text), "model-file predict")
            // `/api/american/explain` encodes these as JSON numbers: they must be finite.
            let (_, contributions) = model.explain(text)
            check(contributions.allSatisfy { $0.contribution.isFinite }, "non-finite contribution for \(debug(text))")
        }
    }

    // MARK: - Helpers

    static func checkProbability(_ prediction: Prediction, _ what: String) {
        let p = prediction.probability
        check(p >= 0 && p <= 1, "\(what): probability \(p) is not in [0, 1]")
        check(prediction.label == Label(probability: p), "\(what): label \(prediction.label) disagrees with probability \(p)")
    }

    @inline(__always)
    public static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("fuzz invariant broken: \(message())") }
    }

    static func debug(_ text: String) -> String {
        String(reflecting: text.count > 200 ? String(text.prefix(200)) + "…" : text)
    }
}
