import Hummingbird

/// The routes operators and orchestrators use: liveness, readiness, version,
/// Prometheus metrics and the OpenAPI document.
struct OperationalRoutes: Sendable {
    let store: ModelStore
    let metrics: ServiceMetrics
    let version: ServiceVersion

    /// Registers the routes (and their 405s) on `router`.
    func register(on router: Router<some RequestContext>) {
        router.only(.get, "/healthz") { _, _ in try json(["status": "ok"]) }
        router.only(.get, "/readyz") { _, _ in
            guard store.isReady else { throw APIError.notReady }
            return try json(["status": "ready"])
        }
        router.only(.get, "/version") { _, _ in
            let model = store.model
            return try json(VersionAnswer(
                version: version.display, revision: version.revision, modelDate: model?.modelDate,
                modelSHA256: model?.sha256, modelKind: model?.model.file.kind.rawValue
            ))
        }
        router.only(.get, "/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
    }
}
