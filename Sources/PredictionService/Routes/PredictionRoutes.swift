import AmericanAPI
import Hummingbird
import TweetClassifier

/// The prediction API's handlers: one tweet, a batch, and an explained verdict.
struct PredictionRoutes: Sendable {
    let store: ModelStore
    let metrics: ServiceMetrics
    let configuration: ServiceConfiguration
    /// Scores a sample of requests with a candidate model, off the answer path (nil without `--shadow-model`).
    let shadow: ShadowScorer?

    /// `POST /api/american`: the precomputed answer for the predicted label.
    @Sendable func predict(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await RequestDecoding.body(of: request, limit: configuration.maxBodyBytes)
        let text = try RequestDecoding.text(fromJSON: body)
        let loaded = try servingModel()
        let assessment = loaded.model.assess(text)
        metrics.record(assessment)
        shadow?.submit(text, served: assessment.prediction.label)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: loaded.answerBody(for: assessment.prediction.label)))
    }

    /// `POST /api/american/batch`: one label per text, in order.
    @Sendable func batch(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await RequestDecoding.body(of: request, limit: configuration.maxBatchBodyBytes)
        let texts = try RequestDecoding.texts(fromJSON: body)
        guard texts.count <= configuration.maxBatchSize else { throw APIError.tooManyTexts(limit: configuration.maxBatchSize) }
        let loaded = try servingModel()
        let labels = texts.map { text in
            let assessment = loaded.model.assess(text)
            metrics.record(assessment)
            shadow?.submit(text, served: assessment.prediction.label)
            return assessment.prediction.label
        }
        return try Response.json(BatchAnswer(predictions: labels, version: configuration.version.display, modelDate: loaded.modelDate))
    }

    /// `POST /api/american/explain`: the verdict, its probability and the terms behind it.
    @Sendable func explain(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await RequestDecoding.body(of: request, limit: configuration.maxBodyBytes)
        let text = try RequestDecoding.text(fromJSON: body)
        let loaded = try servingModel()
        let (assessment, contributions) = loaded.model.explain(text)
        metrics.record(assessment)
        let prediction = assessment.prediction
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
