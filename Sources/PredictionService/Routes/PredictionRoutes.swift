import AmericanAPI
import Hummingbird
import TweetClassifier

/// The prediction API's handlers: one tweet, a batch, and an explained verdict.
struct PredictionRoutes: Sendable {
    let store: ModelStore
    let metrics: ServiceMetrics
    let configuration: ServiceConfiguration

    /// `POST /api/american`: the precomputed answer for the predicted label.
    @Sendable func predict(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await RequestDecoding.body(of: request, limit: configuration.maxBodyBytes)
        let text = try RequestDecoding.text(fromJSON: body)
        let loaded = try servingModel()
        let label = loaded.model.predict(text).label
        metrics.recordPredictions(label: label)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: loaded.answerBody(for: label)))
    }

    /// `POST /api/american/batch`: one label per text, in order.
    @Sendable func batch(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await RequestDecoding.body(of: request, limit: configuration.maxBatchBodyBytes)
        let texts = try RequestDecoding.texts(fromJSON: body)
        guard texts.count <= configuration.maxBatchSize else { throw APIError.tooManyTexts(limit: configuration.maxBatchSize) }
        let loaded = try servingModel()
        let labels = texts.map { loaded.model.predict($0).label }
        let positives = labels.count { $0 == .american }
        metrics.recordPredictions(label: .american, count: positives)
        metrics.recordPredictions(label: .notAmerican, count: labels.count - positives)
        return try Response.json(BatchAnswer(predictions: labels, version: configuration.version.display, modelDate: loaded.modelDate))
    }

    /// `POST /api/american/explain`: the verdict, its probability and the terms behind it.
    @Sendable func explain(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await RequestDecoding.body(of: request, limit: configuration.maxBodyBytes)
        let text = try RequestDecoding.text(fromJSON: body)
        let loaded = try servingModel()
        let (prediction, contributions) = loaded.model.explain(text)
        metrics.recordPredictions(label: prediction.label)
        return try Response.json(ExplainAnswer(
            isAmerican: prediction.label, probability: prediction.probability,
            tokens: contributions.prefix(Self.explainedTerms).map { .init(token: $0.term, contribution: $0.contribution) },
            version: configuration.version.display, modelDate: loaded.modelDate, modelKind: loaded.model.file.kind.rawValue
        ))
    }

    /// How many of the strongest terms `explain` returns.
    static let explainedTerms = 50

    private func servingModel() throws(APIError) -> LoadedModel {
        guard let model = store.model else { throw .modelNotLoaded }
        return model
    }
}
