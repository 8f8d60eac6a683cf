import AsyncHTTPClient
import Foundation
import TestFixtures
import Testing
@testable import AmericanClient

/// Runs the real `american serve` executable and signals it, as Kubernetes does.
@Suite("american serve process", .serialized)
struct ServeProcessTests {
    static func ready(_ url: String) async -> Int? {
        let request = HTTPClientRequest(url: url + "/readyz")
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(1)) else { return nil }
        return Int(response.status.code)
    }

    @Test("SIGTERM under load: readyz turns 503 at once, every request in flight or sent while draining is answered, exit 0")
    func drainUnderLoad() async throws {
        let port = LoopbackPort.free()
        let url = "http://127.0.0.1:\(port)"
        let process = try AmericanExecutable.start(["serve", "--port", "\(port)", "--model", try FixtureModels.path(kind: .naiveBayes), "--drain-seconds", "2", "--log-level", "error"])
        defer { if process.isRunning { process.terminate() } }
        for _ in 0..<300 where await Self.ready(url) != 200 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await Self.ready(url) == 200)

        let client = try PredictionClient(url: url, timeout: .seconds(5), connections: 8)
        let clock = ContinuousClock()
        let signalled = clock.now.advanced(by: .milliseconds(500))
        let stopSending = signalled.advanced(by: .milliseconds(1500))
        let outcomes = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var outcomes: [String] = []
                    while clock.now < stopSending {
                        do {
                            _ = try await client.predict("Stuck at home in New York")
                            outcomes.append("ok")
                        } catch {
                            outcomes.append((error as? ClientError)?.kind ?? "\(error)")
                        }
                    }
                    return outcomes
                }
            }
            try? await clock.sleep(until: signalled)
            kill(process.processIdentifier, SIGTERM)
            var readyAfterSignal: Int?
            for _ in 0..<50 {
                readyAfterSignal = await Self.ready(url)
                if readyAfterSignal == 503 { break }
                try? await Task.sleep(for: .milliseconds(10))
            }
            #expect(readyAfterSignal == 503)
            #expect(clock.now - signalled < .milliseconds(600), "readyz must turn 503 at once")
            return await group.reduce(into: [String]()) { $0 += $1 }
        }
        await client.shutdown()
        let failures = outcomes.filter { $0 != "ok" }
        #expect(outcomes.count > 100)
        #expect(failures.isEmpty, "\(failures.count) of \(outcomes.count) requests failed: \(Set(failures))")

        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(process.terminationStatus == 0)
        #expect(clock.now - signalled >= .seconds(2), "the server keeps serving for the whole drain")
        print("drain test: \(outcomes.count) requests during SIGTERM drain, \(failures.count) failed; exit \(process.terminationStatus)")
    }

    @Test("a missing model makes serve exit non-zero at once; --wait-for-model keeps it up and unready")
    func missingModel() async throws {
        let port = LoopbackPort.free()
        let failing = try AmericanExecutable.start(["serve", "--port", "\(port)", "--model", "/nonexistent/american.model.json"])
        failing.waitUntilExit()
        #expect(failing.terminationStatus != 0)

        let waiting = try AmericanExecutable.start(["serve", "--port", "\(port)", "--model", "/nonexistent/american.model.json", "--wait-for-model", "--drain-seconds", "0"])
        defer { if waiting.isRunning { waiting.terminate() } }
        var status: Int?
        for _ in 0..<100 where status == nil {
            status = await Self.ready("http://127.0.0.1:\(port)")
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(status == 503)
        kill(waiting.processIdentifier, SIGTERM)
        waiting.waitUntilExit()
        #expect(waiting.terminationStatus == 0)
    }
}
