import Logging
import ServiceLifecycle
import UnixSignals

/// Loads the served model and keeps it current, off the request path.
///
/// It runs beside the HTTP server, so the listener is up (`/healthz` 200,
/// `/readyz` 503) while the first model is fetched. That first load is fatal
/// when it fails (the service group stops and `american serve` exits 1 with
/// the reason), unless `waitForModel` is set: then it retries with
/// exponential backoff. Afterwards it reloads on SIGHUP and every `refresh`;
/// a bad new model is logged and counted while the old one keeps serving.
public struct ModelReloader: Service {
    let loader: ModelLoader
    let store: ModelStore
    let metrics: ServiceMetrics
    let refresh: Duration?
    let waitForModel: Bool
    let logger: Logger

    /// Creates the reloader.
    public init(loader: ModelLoader, store: ModelStore, metrics: ServiceMetrics, refresh: Duration?, waitForModel: Bool, logger: Logger) {
        self.loader = loader
        self.store = store
        self.metrics = metrics
        self.refresh = refresh
        self.waitForModel = waitForModel
        self.logger = logger
    }

    /// Loads the first model (unless one is loaded already), then reloads on SIGHUP and on every poll until shutdown.
    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        try await cancelWhenGracefulShutdown {
            if store.model == nil {
                guard try await loadFirstModel() else { return }
            }
            await withDiscardingTaskGroup { group in
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

    /// The first load: once (throwing its failure), or until it works with `waitForModel`.
    /// Returns false when shutdown cancelled it.
    private func loadFirstModel() async throws(ModelLoadError) -> Bool {
        logger.info("loading the model; /readyz answers 503 until it is ready", metadata: ["model_source": "\(loader.source)"])
        var delay = Duration.milliseconds(500)
        while !Task.isCancelled {
            do {
                try await load()
                return true
            } catch .unstable(let reason) {
                logger.info("the model file is being written; retrying", metadata: ["reason": "\(reason)"])
                try? await Task.sleep(for: ModelFetcher.settle)
                continue
            } catch {
                guard !Task.isCancelled else { return false }
                metrics.modelLoadFailed()
                guard waitForModel else {
                    logger.error("cannot load the model: \(error)", metadata: ["model_source": "\(loader.source)"])
                    throw error
                }
                logger.warning("no model yet: \(error); retrying in \(delay)", metadata: ["model_source": "\(loader.source)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(.seconds(30), delay * 2)
        }
        return false
    }

    /// Checks for a new model every `interval` (unchanged bytes are skipped cheaply).
    private func poll(every interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if !Task.isCancelled { await reload() }
        }
    }

    /// Loads a model now and swaps it in; returns whether a new one is serving.
    /// A failure is thrown to the caller.
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
    /// one keeps serving, and a file still being written is left for the next
    /// try. Returns whether a new one is serving.
    @discardableResult
    public func reload() async -> Bool {
        let current = store.model
        do {
            return try await load()
        } catch .unstable(let reason) {
            logger.info("the model file is being written; keeping the current model for now", metadata: ["reason": "\(reason)"])
            return false
        } catch {
            metrics.modelLoadFailed()
            logger.error("model load refused: \(error)", metadata: [
                "model_source": "\(loader.source)", "still_serving": "\(current?.sha256 ?? "none")",
            ])
            return false
        }
    }
}
