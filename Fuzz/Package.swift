// swift-tools-version:6.0
import PackageDescription

/// Fuzz targets for american-predictor, kept out of the main package so that
/// its build never needs the sanitizer flags.
///
/// Build and run with `scripts/fuzz.sh` (libFuzzer + AddressSanitizer):
///
///     swift build --package-path Fuzz --scratch-path .build-fuzz -c debug \
///         -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product fuzz-tokenizer
///
/// Targets:
/// - `fuzz-tokenizer`: the tokenizer and analyzer (both presets, n-grams up to 3) and the shipped
///   model's predict/explain on arbitrary bytes.
/// - `fuzz-request-decoder`: the contract's request-body reader and its `{"text": ...}` / `{"texts": [...]}`
///   mapping (`AmericanAPI`, exactly what the server calls), checked against Foundation's
///   `JSONSerialization`, then the tokenizer.
/// - `fuzz-model-file`: `ModelFile.decode` + `TweetModel(file:)` on arbitrary (untrusted) model bytes.
/// - `fuzz-random`: the same three harnesses driven by a seeded mutator instead of libFuzzer,
///   for toolchains without `-sanitize=fuzzer` (`FUZZ_ENGINE=random scripts/fuzz.sh`).
let package = Package(
    name: "american-predictor-fuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fuzz-tokenizer", targets: ["FuzzTokenizer"]),
        .executable(name: "fuzz-request-decoder", targets: ["FuzzRequestDecoder"]),
        .executable(name: "fuzz-model-file", targets: ["FuzzModelFile"]),
        .executable(name: "fuzz-random", targets: ["FuzzRandom"]),
    ],
    dependencies: [
        .package(name: "american-predictor", path: ".."),
    ],
    targets: [
        .target(
            name: "FuzzHarness",
            dependencies: [
                .product(name: "AmericanAPI", package: "american-predictor"),
                .product(name: "TweetClassifier", package: "american-predictor"),
            ]
        ),
        // Hands `main` over to libFuzzer (see its header).
        .target(name: "CFuzzDriver"),
        // libFuzzer targets: no top-level code (-parse-as-library); `main` is libFuzzer's.
        .executableTarget(
            name: "FuzzTokenizer", dependencies: ["FuzzHarness", "CFuzzDriver"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzRequestDecoder", dependencies: ["FuzzHarness", "CFuzzDriver"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzModelFile", dependencies: ["FuzzHarness", "CFuzzDriver"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(name: "FuzzRandom", dependencies: ["FuzzHarness"]),
    ]
)
