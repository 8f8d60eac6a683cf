import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PredictionService
import TweetClassifier

@Suite("Operational routes")
struct OperationalRoutesTests {
    @Test("healthz is always 200; readyz is 200 with a model and 503 while draining")
    func readinessThroughDrain() async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            server.store.beginDraining()
            let draining = try await client.execute(uri: "/readyz", method: .get)
            #expect(draining.status == .serviceUnavailable)
            #expect(try TestSupport.object(draining.body)["error"] as? String == "not_ready")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.post("/api/american", #"{"text":"draining still answers"}"#).status == .ok)
        }
    }

    @Test("without a model: start unready, 503 model_not_loaded, null model fields; ready once a model appears")
    func waitForModel() async throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("later.model.json").path
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path) { $0.waitForModel = true })
        try await server.application.test(.router) { client in
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
            let predict = try await client.post("/api/american", #"{"text":"x"}"#)
            #expect(predict.status == .serviceUnavailable)
            #expect(try TestSupport.object(predict.body)["error"] as? String == "model_not_loaded")
            let version = try TestSupport.object(try await client.execute(uri: "/version", method: .get).body)
            #expect(version["model_date"] is NSNull)
            try ModelStorage.write(try TestSupport.model(), to: path)
            #expect(await server.reloader.reload())
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
        }
    }

    @Test("without a model and without waiting, the first load fails with a clear error")
    func missingModelFails() async throws {
        await #expect(throws: ModelLoadError.unreadable("no file at '/nonexistent/m.json'")) {
            _ = try await TestSupport.server(TestSupport.configuration(modelPath: "/nonexistent/m.json"))
        }
    }

    @Test("version reports code version, revision and the model's identity")
    func version() async throws {
        let path = try TestSupport.modelPath()
        let sha = ModelFetcher.sha256(try Data(contentsOf: URL(fileURLWithPath: path)))
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: path))
        try await server.application.test(.router) { client in
            let object = try TestSupport.object(try await client.execute(uri: "/version", method: .get).body)
            #expect(object["version"] as? String == "9.9.9+abcdef0")
            #expect(object["revision"] as? String == "abcdef0123")
            #expect(object["model_sha256"] as? String == sha)
            #expect(object["model_kind"] as? String == "logreg")
            #expect(object["model_date"] as? String == "2025-11-24T16:00:00Z")
        }
    }

    @Test("metrics are valid Prometheus text with requests by route and status, latency, predictions and model info")
    func metrics() async throws {
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            _ = try await client.post("/api/american", #"{"text":"Texas schools closed y'all"}"#)
            _ = try await client.post("/api/american", "{bad")
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let samples = try PrometheusText.parse(String(buffer: response.body))
            #expect(samples[#"american_http_requests_total{route="predict",status="200"}"#] == 1)
            #expect(samples[#"american_http_requests_total{route="predict",status="400"}"#] == 1)
            #expect(samples[#"american_predictions_total{is_american="1"}"#] == 1)
            #expect(samples[#"american_request_duration_seconds_count{route="predict"}"#] == 2)
            #expect(samples[#"american_model_loads_total{result="success"}"#] == 1)
            #expect(samples.keys.contains { $0.hasPrefix("american_model_info{") && $0.contains("kind=\"logreg\"") && $0.contains("sha256=\"") })
            #expect(samples["american_prediction_probability_count"] == 1)
            #expect(samples[#"american_prediction_probability_bucket{le="+Inf"}"#] == 1)
            #expect(samples["american_model_loaded"] == 1)
            #expect(samples["american_model_training_positive_share"] == 0.5, "the fixture corpus is half American")
        }
    }

    @Test("the web page and its assets are served with their content types, a strict CSP that forbids framing, nosniff and no referrer")
    func webPage() async throws {
        let frameOptions = try #require(HTTPField.Name("X-Frame-Options")), referrerPolicy = try #require(HTTPField.Name("Referrer-Policy"))
        let server = try await TestSupport.server(TestSupport.configuration(modelPath: TestSupport.modelPath()))
        try await server.application.test(.router) { client in
            for (path, type) in [("/", "text/html"), ("/app.js", "text/javascript"), ("/style.css", "text/css"), ("/favicon.svg", "image/svg+xml")] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix(type) == true, "\(path)")
                #expect(response.headers[.contentSecurityPolicy] == "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
                #expect(response.headers[.xContentTypeOptions] == "nosniff" && response.headers[frameOptions] == "DENY")
                #expect(response.headers[referrerPolicy] == "no-referrer")
            }
            let page = String(buffer: try await client.execute(uri: "/", method: .get).body)
            #expect(page.contains("id=\"tweet\"") && page.contains("id=\"predict\""))
            #expect(!page.contains("http://") && !page.contains("https://"), "the page loads nothing from the internet")
        }
    }
}

/// A minimal parser of the Prometheus text format: it checks every line's
/// syntax and returns the samples by series, so a malformed line fails the test.
enum PrometheusText {
    static func parse(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.isEmpty {
            if line.hasPrefix("# TYPE ") || line.hasPrefix("# HELP ") { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw TestFailure("malformed metrics line: \(line)")
            }
            let series = String(line[..<space])
            guard series.range(of: #"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*\})?$"#, options: .regularExpression) != nil else {
                throw TestFailure("malformed series: \(series)")
            }
            samples[series] = value
        }
        return samples
    }
}

@Suite("Atomic histogram")
struct AtomicHistogramTests {
    @Test("buckets are cumulative, with +Inf, sum and count")
    func cumulative() throws {
        let histogram = AtomicHistogram(bounds: AtomicHistogram.latencyBounds)
        histogram.record(.microseconds(50))
        histogram.record(.milliseconds(3))
        histogram.record(.seconds(2))
        let samples = try PrometheusText.parse(histogram.exposition(name: "h", labels: #"route="r""#))
        #expect(samples[#"h_bucket{route="r",le="0.0001"}"#] == 1)
        #expect(samples[#"h_bucket{route="r",le="0.005"}"#] == 2)
        #expect(samples[#"h_bucket{route="r",le="1.0"}"#] == 2)
        #expect(samples[#"h_bucket{route="r",le="+Inf"}"#] == 3)
        #expect(samples[#"h_count{route="r"}"#] == 3)
        #expect(abs(samples[#"h_sum{route="r"}"#]! - 2.00305) < 1e-9)
    }

    @Test("without labels, values other than durations")
    func unlabelled() throws {
        let histogram = AtomicHistogram(bounds: [0.5, 1])
        histogram.record(0.25)
        histogram.record(0.75)
        let samples = try PrometheusText.parse(histogram.exposition(name: "p"))
        #expect(samples[#"p_bucket{le="0.5"}"#] == 1 && samples[#"p_bucket{le="+Inf"}"#] == 2)
        #expect(samples["p_sum"] == 1 && samples["p_count"] == 2)
    }
}
