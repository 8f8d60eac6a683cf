import Logging
import ServiceLifecycle
import UnixSignals

/// Keeps the served model current: reloads on SIGHUP and every
/// `refresh`, and, when the server started without a model
/// (`--wait-for-model`), retries with exponential backoff until one loads.
///
/// A new model is loaded and validated here, off the request path; a bad one
/// is logged and counted while the old model keeps serving.
public struct ModelReloader: Service {
    let loader: ModelLoader
    let store: ModelStore
    let metrics: ServiceMetrics
    let refresh: Duration?
    let logger: Logger

    /// Creates the reloader.
    public init(loader: ModelLoader, store: ModelStore, metrics: ServiceMetrics, refresh: Duration?, logger: Logger) {
        self.loader = loader
        self.store = store
        self.metrics = metrics
        self.refresh = refresh
        self.logger = logger
    }

    /// Waits for a first model if needed, then reloads on SIGHUP and on every poll until shutdown.
    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await waitForFirstModel() }
                group.addTask {
                    for await _ in hangups {
                        logger.info("SIGHUP received: reloading the model")
                        await reload()
                    }
                }
                if let refresh {
                    group.addTask { await poll(every: refresh) }
                }
            }
        }
    }

    /// Checks for a new model every `interval` (unchanged bytes are skipped cheaply).
    private func poll(every interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if store.model != nil, !Task.isCancelled { await reload() }
        }
    }

    /// Loads a model now and swaps it in; returns whether a new one is serving.
    /// A failure is thrown to the caller (start-up decides whether it is fatal).
    @discardableResult
    public func load() async throws(ModelLoadError) -> Bool {
        let current = store.model
        guard let model = try await loader.load(replacing: current) else { return false }
        store.replace(with: model)
        metrics.modelLoaded(model, replacing: current)
        logger.info("model loaded", metadata: [
            "model_source": "\(model.source)", "model_sha256": "\(model.sha256)",
            "model_date": "\(model.modelDate)", "model_kind": "\(model.model.file.kind.rawValue)",
            "replaced": "\(current?.sha256 ?? "none")",
        ])
        return true
    }

    /// Loads a model now; a refused one is logged and counted while the old
    /// one keeps serving. Returns whether a new one is serving.
    @discardableResult
    public func reload() async -> Bool {
        let current = store.model
        do {
            return try await load()
        } catch {
            metrics.modelLoadFailed()
            logger.error("model load refused: \(error)", metadata: [
                "model_source": "\(loader.source)", "still_serving": "\(current?.sha256 ?? "none")",
            ])
            return false
        }
    }

    /// Retries with backoff (0.5 s doubling to 30 s) while no model is loaded.
    private func waitForFirstModel() async {
        var delay = Duration.milliseconds(500)
        while store.model == nil, !Task.isCancelled {
            try? await Task.sleep(for: delay)
            if await reload() { return }
            delay = min(.seconds(30), delay * 2)
        }
    }
}
