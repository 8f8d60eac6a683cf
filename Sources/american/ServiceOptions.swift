import AmericanClient
import ArgumentParser

/// The flag that says which running service to talk to, shared by the
/// client commands (`predict`, `score`, `watch`).
struct ServiceOptions: ParsableArguments {
    @Option(help: "Base URL of the service.")
    var url = "http://127.0.0.1:8080"

    /// A client of that service; a malformed URL is a one-line error.
    func client(timeout: Duration = .seconds(10), connections: Int = 16, newConnectionPerRequest: Bool = false) throws -> PredictionClient {
        try PredictionClient(url: url, timeout: timeout, connections: connections, newConnectionPerRequest: newConnectionPerRequest)
    }
}
