import AmericanAPI
import Hummingbird

/// The handlers operators and orchestrators use: liveness, readiness,
/// version and Prometheus metrics.
struct OperationalRoutes: Sendable {
    let store: ModelStore
    let metrics: ServiceMetrics
    let version: ServiceVersion

    /// `GET /healthz`: the process answers.
    @Sendable func healthz(_ request: Request, context: some RequestContext) throws -> Response {
        try Response.json(StatusAnswer(status: "ok"))
    }

    /// `GET /readyz`: 200 only with a model loaded and no drain under way; a 503 says which is missing.
    @Sendable func readyz(_ request: Request, context: some RequestContext) throws -> Response {
        if store.isDraining { throw APIError.notReady("draining for shutdown") }
        if store.model == nil { throw APIError.notReady("no model loaded yet (fetching or waiting for one)") }
        return try Response.json(StatusAnswer(status: "ready"))
    }

    /// `GET /version`: code and model identity.
    @Sendable func version(_ request: Request, context: some RequestContext) throws -> Response {
        let model = store.model
        return try Response.json(VersionAnswer(
            version: version.display, revision: version.revision, modelDate: model?.modelDate,
            modelSHA256: model?.sha256, modelKind: model?.model.file.kind.rawValue
        ))
    }

    /// `GET /metrics`: the Prometheus text exposition.
    @Sendable func metrics(_ request: Request, context: some RequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
        )
    }
}
