// swift-tools-version:6.0
import PackageDescription

/// american-predictor: train, serve and measure a tweet classifier that tells
/// whether a tweet's author is American.
///
/// The targets keep pure logic apart from I/O:
/// - `TweetClassifier`: text, features, models, metrics, CSV and model files (no networking).
/// - `PredictionService`: the Hummingbird HTTP service built on the classifier.
/// - `Reports`: SVG charts and Markdown/text reports (pure).
/// - `AmericanClient`: the HTTP client side (predict, score, watch) and its pure statistics.
/// - `american`: the command line that ties them together.
/// - `bare-server`: a constant-answer Hummingbird server, the HTTP-stack ceiling for benchmarks.
let package = Package(
    name: "american-predictor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "american", targets: ["american"]),
        .library(name: "TweetClassifier", targets: ["TweetClassifier"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "TweetClassifier",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Reports", dependencies: ["TweetClassifier"]),
        .target(
            name: "PredictionService",
            dependencies: [
                "TweetClassifier",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [
                .embedInCode("Public/index.html"), .embedInCode("Public/app.js"), .embedInCode("Public/style.css"),
                .embedInCode("Public/favicon.svg"), .embedInCode("openapi.yaml"),
            ]
        ),
        .target(
            name: "AmericanClient",
            dependencies: [
                "TweetClassifier",
                "Reports",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "american",
            dependencies: [
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
        .testTarget(name: "TweetClassifierTests", dependencies: ["TweetClassifier", "Reports"]),
        .testTarget(
            name: "PredictionServiceTests",
            dependencies: [
                "PredictionService",
                "TweetClassifier",
                "TestFixtures",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "AmericanClientTests",
            dependencies: [
                "AmericanClient", "PredictionService", "TweetClassifier", "TestFixtures",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
