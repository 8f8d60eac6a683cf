import AmericanAPI
import CoreMetrics
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Prometheus
import TweetClassifier

/// The service's Prometheus metrics, created through swift-metrics with a
/// registry of its own (no global bootstrap, so every application built in a
/// test process has independent counters).
///
/// Handles for every known route and status are made up front: the request
/// path then only increments atomics and never takes the registry's lock.
/// Request latency and the model's predicted probabilities use our own
/// lock-free `AtomicHistogram` (see there why), rendered in the same exposition.
///
/// Besides the HTTP side it watches the model (the answers a quietly broken
/// model still gives with a 200): the label share, the probability
/// distribution, the served model's identity and its training prior, and the
/// agreement of a shadow model.
public final class ServiceMetrics: Sendable {
    /// The label of requests to paths outside the contract.
    static let otherRoute = "other"
    /// The routes we label requests with: the contract's, and `other`.
    static let routes = APIRoute.allCases.map(\.name) + [otherRoute]
    static let statuses = [200, 304, 400, 404, 405, 413, 500, 503]

    private let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// One route's request counters by status and its latency histogram.
    private struct RouteMetrics {
        let requests: [Int: CoreMetrics.Counter]
        let latency = AtomicHistogram(bounds: AtomicHistogram.latencyBounds)
    }

    /// Found with one look-up per request.
    private let perRoute: [String: RouteMetrics]
    private let predictions: [CoreMetrics.Counter]
    private let reloadSuccesses: CoreMetrics.Counter
    private let reloadFailures: CoreMetrics.Counter
    private let modelLoadedAt: Prometheus.Gauge
    private let connectionsEvicted: CoreMetrics.Counter
    private let connectionsRefused: CoreMetrics.Counter
    private let requestsTimedOut: CoreMetrics.Counter
    /// The probability of "American" of every prediction, in tenths.
    private let probability = AtomicHistogram(bounds: ServiceMetrics.probabilityBounds)
    /// Word tokens per predicted tweet (its sum is all tokens, the denominator of the unknown-word rate).
    private let inputTokens = AtomicHistogram(bounds: AtomicHistogram.tokenBounds, resolution: 1)
    private let unknownTokens: CoreMetrics.Counter
    /// The drift score of recent predictions against the served model's training distributions.
    private let drift: DriftMonitor
    private let modelLoaded: Prometheus.Gauge
    private let trainingPositiveShare: Prometheus.Gauge
    private let shadowPredictions: [CoreMetrics.Counter]
    private let shadowAgreements: CoreMetrics.Counter
    private let shadowDropped: CoreMetrics.Counter
    private let shadowLoads: (success: CoreMetrics.Counter, failure: CoreMetrics.Counter)

    /// Upper bounds of the probability histogram.
    static let probabilityBounds: [Double] = (1...10).map { Double($0) / 10 }

    /// Creates the metrics with an empty registry; drift is scored over the last `driftWindow`.
    public init(driftWindow: Duration = ServiceConfiguration().driftWindow) {
        self.drift = DriftMonitor(window: driftWindow)
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        self.registry = registry
        self.factory = factory
        self.perRoute = Dictionary(uniqueKeysWithValues: Self.routes.map { route in
            let requests = Self.statuses.map { ($0, Self.requestCounter(route: route, status: $0, factory: factory)) }
            return (route, RouteMetrics(requests: Dictionary(uniqueKeysWithValues: requests)))
        })
        self.predictions = Label.allCases.map {
            Counter(label: "american_predictions_total", dimensions: [("is_american", "\($0.rawValue)")], factory: factory)
        }
        self.reloadSuccesses = Counter(label: "american_model_loads_total", dimensions: [("result", "success")], factory: factory)
        self.reloadFailures = Counter(label: "american_model_loads_total", dimensions: [("result", "failure")], factory: factory)
        self.modelLoadedAt = registry.makeGauge(name: "american_model_loaded_timestamp_seconds")
        self.connectionsEvicted = Counter(label: "american_connections_closed_by_limit_total", dimensions: [("action", "evicted_idle")], factory: factory)
        self.connectionsRefused = Counter(label: "american_connections_closed_by_limit_total", dimensions: [("action", "refused_new")], factory: factory)
        self.requestsTimedOut = Counter(label: "american_request_timeouts_total", factory: factory)
        self.unknownTokens = Counter(label: "american_input_unknown_tokens_total", factory: factory)
        self.modelLoaded = registry.makeGauge(name: "american_model_loaded")
        self.trainingPositiveShare = registry.makeGauge(name: "american_model_training_positive_share")
        self.shadowPredictions = Label.allCases.map {
            Counter(label: "american_shadow_predictions_total", dimensions: [("is_american", "\($0.rawValue)")], factory: factory)
        }
        self.shadowAgreements = Counter(label: "american_shadow_agreements_total", factory: factory)
        self.shadowDropped = Counter(label: "american_shadow_dropped_total", factory: factory)
        self.shadowLoads = (
            Counter(label: "american_shadow_model_loads_total", dimensions: [("result", "success")], factory: factory),
            Counter(label: "american_shadow_model_loads_total", dimensions: [("result", "failure")], factory: factory)
        )
    }

    private static func requestCounter(route: String, status: Int, factory: PrometheusMetricsFactory) -> CoreMetrics.Counter {
        Counter(label: "american_http_requests_total", dimensions: [("route", route), ("status", "\(status)")], factory: factory)
    }

    /// Counts one answered request and its latency.
    public func recordRequest(route: String, status: Int, duration: Duration) {
        let (route, metrics) = perRoute[route].map { (route, $0) } ?? (Self.otherRoute, perRoute[Self.otherRoute]!)
        (metrics.requests[status] ?? Self.requestCounter(route: route, status: status, factory: factory)).increment()
        metrics.latency.record(duration)
    }

    /// Counts a served prediction by class, and records its probability, the
    /// tweet's tokens and unknown words, and both in the drift window.
    public func record(_ assessment: Assessment) {
        let prediction = assessment.prediction
        predictions[prediction.label.rawValue].increment()
        probability.record(prediction.probability)
        if let input = assessment.input {
            inputTokens.record(Double(input.tokens))
            if input.unknown > 0 { unknownTokens.increment(by: input.unknown) }
        }
        drift.record(assessment)
    }

    /// Counts a shadow model's verdict on a request the served model answered with `served`.
    func recordShadow(_ prediction: Prediction, served: Label) {
        shadowPredictions[prediction.label.rawValue].increment()
        if prediction.label == served { shadowAgreements.increment() }
    }

    /// Counts a request the shadow model had no time for (its queue was full).
    func shadowDroppedRequest() {
        shadowDropped.increment()
    }

    /// Counts a shadow model load, good or refused.
    func shadowModelLoaded(_ success: Bool) {
        (success ? shadowLoads.success : shadowLoads.failure).increment()
    }

    /// Counts a successful model load and publishes the model's identity
    /// (`american_model_info`, one series for the model now serving) and the
    /// share of American tweets it was trained on (the prior the label share is compared with).
    func modelLoaded(_ model: LoadedModel, replacing previous: LoadedModel?) {
        reloadSuccesses.increment()
        modelLoadedAt.set(to: Date().timeIntervalSince1970)
        modelLoaded.set(to: 1.0)
        let training = model.model.file.metadata.training
        trainingPositiveShare.set(to: training.rows > 0 ? Double(training.positives) / Double(training.rows) : 0)
        if let previous {
            registry.unregisterGauge(infoGauge(previous))
        }
        infoGauge(model).set(to: 1.0)
        drift.reset(reference: model.model.file.metadata.driftReference)
    }

    private func infoGauge(_ model: LoadedModel) -> Prometheus.Gauge {
        registry.makeGauge(name: "american_model_info", labels: [
            ("model_date", model.modelDate), ("sha256", model.sha256), ("kind", model.model.file.kind.rawValue),
        ])
    }

    /// Counts a connection the connection limit closed: an idle one evicted, or a new one refused.
    func connectionEvicted(refused: Bool) {
        (refused ? connectionsRefused : connectionsEvicted).increment()
    }

    /// Counts a request cut at its deadline (408).
    func requestTimedOut() {
        requestsTimedOut.increment()
    }

    /// Counts a refused model load.
    func modelLoadFailed() {
        reloadFailures.increment()
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] {
        var text = "# TYPE american_request_duration_seconds histogram\n"
        for route in Self.routes {
            text += perRoute[route]!.latency.exposition(name: "american_request_duration_seconds", labels: "route=\"\(route)\"")
        }
        text += "# TYPE american_prediction_probability histogram\n" + probability.exposition(name: "american_prediction_probability")
        text += "# TYPE american_input_tokens histogram\n" + inputTokens.exposition(name: "american_input_tokens")
        text += drift.exposition()
        return registry.emitToBuffer() + Array(text.utf8)
    }
}
