import Atomics
import Logging
import ServiceLifecycle
import TweetClassifier

/// Scores a sample of live requests with a candidate model, so that a new
/// model can be judged on real traffic before it is promoted.
///
/// The request path only hands the text over (every `1 / sampleRate`-th
/// request, into a bounded queue that drops rather than waits) and never
/// waits for the shadow's verdict: the user's answer and status are the
/// served model's alone. A shadow model that cannot be loaded is logged and
/// counted, and the queue is then simply not fed.
final class ShadowScorer: Service, Sendable {
    private let loader: ModelLoader
    private let metrics: ServiceMetrics
    private let logger: Logger
    /// Every how many requests one is scored.
    private let every: Int
    private let seen = ManagedAtomic<Int>(0)
    private let ready = ManagedAtomic<Bool>(false)
    private let queue: AsyncStream<(text: String, served: Label)>
    private let intake: AsyncStream<(text: String, served: Label)>.Continuation

    /// How many sampled requests may wait for the shadow at once.
    static let queueLimit = 1024

    /// A scorer of the model `loader` loads, on `sampleRate` (0 < r ≤ 1) of the requests.
    init(loader: ModelLoader, sampleRate: Double, metrics: ServiceMetrics, logger: Logger) {
        self.loader = loader
        self.metrics = metrics
        self.logger = logger
        self.every = max(1, Int((1 / sampleRate).rounded()))
        (queue, intake) = AsyncStream.makeStream(of: (text: String, served: Label).self, bufferingPolicy: .bufferingNewest(Self.queueLimit))
    }

    /// Hands a request's text and the served verdict over, if this request is sampled.
    func submit(_ text: String, served: Label) {
        guard ready.load(ordering: .relaxed), seen.wrappingIncrementThenLoad(ordering: .relaxed) % every == 0 else { return }
        if case .dropped = intake.yield((text, served)) { metrics.shadowDroppedRequest() }
    }

    /// Loads the shadow model, then scores what the request path hands over until shutdown.
    func run() async throws {
        let model: LoadedModel
        do {
            guard let loaded = try await loader.load(replacing: nil) else { return }
            model = loaded
        } catch {
            metrics.shadowModelLoaded(false)
            logger.error("shadow model not loaded; serving goes on without it: \(error)", metadata: ["shadow_source": "\(loader.source)"])
            // A service that returns ends the whole group: stay until shutdown instead.
            try? await gracefulShutdown()
            return
        }
        metrics.shadowModelLoaded(true)
        logger.info("shadow model loaded", metadata: [
            "shadow_source": "\(loader.source)", "shadow_sha256": "\(model.sha256)", "sample_every": "\(every)",
        ])
        ready.store(true, ordering: .relaxed)
        try? await cancelWhenGracefulShutdown { [queue, metrics] in
            for await (text, served) in queue {
                metrics.recordShadow(model.model.predict(text), served: served)
            }
        }
    }
}
