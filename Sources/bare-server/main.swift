import Hummingbird

/// The ceiling of the HTTP stack for benchmarks: the same route and answer shape
/// as `POST /api/american`, reading the request body as any server must, but with
/// no JSON decoding and no model, so that the distance between this server and
/// ours is exactly what our own code costs.
let constantAnswer = #"{"is_american":1,"version":"bare","model_date":"2020-04-06T00:00:00Z"}"#

let router = Router()
router.post("/api/american") { request, _ -> Response in
    var request = request
    _ = try await request.collectBody(upTo: 64 * 1024)
    return Response(
        status: .ok,
        headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: constantAnswer))
    )
}
router.get("/readyz") { _, _ in "ok" }

let port = Int(Environment().get("PORT") ?? "") ?? 8081
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil)
)
try await app.runService()
