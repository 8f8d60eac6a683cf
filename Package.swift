// swift-tools-version:6.1
import PackageDescription

/// american-predictor: train, serve and measure a tweet classifier that tells
/// whether a tweet's author is American.
///
/// The modules keep pure logic apart from I/O, as swift-nio does (see
/// docs/architecture.md for what each may import):
/// - `TweetClassifier`: text, features, models, metrics, CSV and model files (no networking).
/// - `AmericanAPI`: the HTTP contract (routes, request and answer types, the strict body reader),
///   shared by the server, the client, the fuzzers and the tests; no Hummingbird.
/// - `PredictionService`: the Hummingbird HTTP service built on the two above.
/// - `Reports`: SVG charts and Markdown/text reports (pure).
/// - `AmericanClient`: the HTTP client side (predict, score, watch) and its pure statistics.
/// - `american`: the command line that ties them together.
/// - `bare-server`: a constant-answer Hummingbird server, the HTTP-stack ceiling for benchmarks.
let package = Package(
    name: "american-predictor",
    // `Mutex` (Synchronization) and `String(validating:as:)` need macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "american", targets: ["american"]),
        .library(name: "TweetClassifier", targets: ["TweetClassifier"]),
        .library(name: "AmericanAPI", targets: ["AmericanAPI"]),
        .library(name: "PredictionService", targets: ["PredictionService"]),
        .library(name: "AmericanClient", targets: ["AmericanClient"]),
        .library(name: "Reports", targets: ["Reports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // No `FullFoundation` trait (a default): it imports full Foundation, and with it ICU
        // (about 34 MB), for URL-encoded form coders the service does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "TweetClassifier",
            dependencies: ["CPrefetch", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "CPrefetch"),
        .target(
            name: "AmericanAPI",
            dependencies: ["TweetClassifier", .product(name: "HTTPTypes", package: "swift-http-types")]
        ),
        .target(name: "Reports", dependencies: ["TweetClassifier"]),
        .target(
            name: "PredictionService",
            dependencies: [
                "AmericanAPI",
                "TweetClassifier",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            resources: [
                .embedInCode("Public/index.html"), .embedInCode("Public/app.js"), .embedInCode("Public/style.css"),
                .embedInCode("Public/favicon.svg"), .embedInCode("openapi.yaml"),
            ]
        ),
        .target(
            name: "AmericanClient",
            dependencies: [
                "AmericanAPI",
                "TweetClassifier",
                "Reports",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "american",
            dependencies: [
                "AmericanAPI",
                "TweetClassifier",
                "PredictionService",
                "AmericanClient",
                "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "bare-server",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        ),
        .target(name: "TestFixtures", dependencies: ["TweetClassifier"], path: "Tests/TestFixtures"),
        .testTarget(name: "TweetClassifierTests", dependencies: ["TweetClassifier", "TestFixtures"]),
        .testTarget(name: "AmericanAPITests", dependencies: ["AmericanAPI", "TweetClassifier"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TweetClassifier"]),
        .testTarget(
            name: "PredictionServiceTests",
            dependencies: [
                "AmericanAPI",
                "PredictionService",
                "TweetClassifier",
                "TestFixtures",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "AmericanClientTests",
            dependencies: [
                "AmericanAPI", "AmericanClient", "PredictionService", "TweetClassifier", "TestFixtures",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AmericanCLITests",
            dependencies: [
                "american", "AmericanClient", "TweetClassifier", "TestFixtures",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
