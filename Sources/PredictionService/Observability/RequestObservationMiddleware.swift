import AmericanAPI
import Hummingbird
import Logging

/// Records each request once: one access-log line (route, method, status,
/// latency) and the request counter and latency histogram in `/metrics`.
///
/// It sits outside the error middleware, so it sees the final status of
/// every request, errors included.
struct RequestObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let route = APIRoute(servingPath: request.uri.path)?.name ?? ServiceMetrics.otherRoute
        do {
            let response = try await next(request, context)
            record(request, context: context, route: route, status: response.status.code, started: started)
            return response
        } catch let error as any HTTPResponseError {
            record(request, context: context, route: route, status: error.status.code, started: started)
            throw error
        } catch {
            record(request, context: context, route: route, status: 500, started: started)
            throw error
        }
    }

    private func record(_ request: Request, context: Context, route: String, status: Int, started: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - started
        metrics.recordRequest(route: route, status: status, duration: duration)
        if context.logger.logLevel <= .info {
            let micros = Int64(duration / .microseconds(1))
            context.logger.info("request", metadata: [
                "route": .string(route), "method": .string(request.method.rawValue),
                "status": .stringConvertible(status), "latency_us": .stringConvertible(micros),
            ])
        }
    }
}
