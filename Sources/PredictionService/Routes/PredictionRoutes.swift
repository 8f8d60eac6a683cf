import Foundation
import Hummingbird

/// The prediction API: one tweet, a batch, and an explained verdict.
struct PredictionRoutes: Sendable {
    let store: ModelStore
    let metrics: ServiceMetrics
    let configuration: ServiceConfiguration

    /// Registers the routes (and their 405s) on `router`.
    func register(on router: Router<some RequestContext>) {
        router.only(.post, "/api/american", use: predict)
        router.only(.post, "/api/american/batch", use: batch)
        router.only(.post, "/api/american/explain", use: explain)
    }

    /// `POST /api/american`: the precomputed answer for the predicted label.
    @Sendable func predict(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await RequestDecoding.body(of: request, limit: configuration.maxBodyBytes)
        let text = try RequestDecoding.text(fromJSON: body)
        let loaded = try servingModel()
        let label = loaded.model.predict(text).label
        metrics.recordPredictions(label: label)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: loaded.answerBodies[label]))
    }

    /// `POST /api/american/batch`: one label per text, in order.
    @Sendable func batch(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await RequestDecoding.body(of: request, limit: configuration.maxBodyBytes * 16)
        let texts = try RequestDecoding.texts(fromJSON: body)
        guard texts.count <= configuration.maxBatchSize else { throw APIError.tooManyTexts(limit: configuration.maxBatchSize) }
        let loaded = try servingModel()
        let labels = texts.map { loaded.model.predict($0).label }
        let positives = labels.reduce(0, +)
        metrics.recordPredictions(label: 1, count: positives)
        metrics.recordPredictions(label: 0, count: labels.count - positives)
        return try json(BatchAnswer(predictions: labels, version: configuration.version.display, modelDate: loaded.modelDate))
    }

    /// `POST /api/american/explain`: the verdict, its probability and the terms behind it.
    @Sendable func explain(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await RequestDecoding.body(of: request, limit: configuration.maxBodyBytes)
        let text = try RequestDecoding.text(fromJSON: body)
        let loaded = try servingModel()
        let (prediction, contributions) = loaded.model.explain(text)
        metrics.recordPredictions(label: prediction.label)
        return try json(ExplainAnswer(
            isAmerican: prediction.label, probability: prediction.probability,
            tokens: contributions.prefix(50).map { .init(token: $0.term, contribution: $0.contribution) },
            version: configuration.version.display, modelDate: loaded.modelDate, modelKind: loaded.model.file.kind.rawValue
        ))
    }

    private func servingModel() throws -> LoadedModel {
        guard let model = store.model else { throw APIError.modelNotLoaded }
        return model
    }
}

/// Encodes `value` as a JSON response.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder.api.encode(value))))
}
