import AmericanAPI
import CoreMetrics
import Foundation
import Prometheus
import TweetClassifier

/// The service's Prometheus metrics, created through swift-metrics with a
/// registry of its own (no global bootstrap, so every application built in a
/// test process has independent counters).
///
/// Handles for every known route and status are made up front: the request
/// path then only increments atomics and never takes the registry's lock.
/// Request latency uses our own lock-free `LatencyHistogram` (see there why),
/// rendered in the same exposition.
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
        let latency = LatencyHistogram()
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

    /// Creates the metrics with an empty registry.
    public init() {
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

    /// Counts predictions by class.
    public func recordPredictions(label: Label, count: Int = 1) {
        predictions[label.rawValue].increment(by: count)
    }

    /// Counts a successful model load and publishes the model's identity
    /// (`american_model_info`, one series for the model now serving).
    func modelLoaded(_ model: LoadedModel, replacing previous: LoadedModel?) {
        reloadSuccesses.increment()
        modelLoadedAt.set(to: Date().timeIntervalSince1970)
        if let previous {
            registry.unregisterGauge(infoGauge(previous))
        }
        infoGauge(model).set(to: 1.0)
    }

    private func infoGauge(_ model: LoadedModel) -> Prometheus.Gauge {
        registry.makeGauge(name: "american_model_info", labels: [
            ("model_sha256", model.sha256), ("model_date", model.modelDate), ("model_kind", model.model.file.kind.rawValue),
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
            text += perRoute[route]!.latency.exposition(name: "american_request_duration_seconds", route: route)
        }
        return registry.emitToBuffer() + Array(text.utf8)
    }
}
