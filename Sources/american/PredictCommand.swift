import AmericanAPI
import AmericanClient
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TweetClassifier

/// `american predict`: ask a running service about one tweet.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "predict", abstract: "Send one tweet to a running service.")

    @OptionGroup var service: ServiceOptions

    @Argument(help: "The tweet text (read from standard input when omitted).")
    var text: String?

    @Flag(help: "Print only the service's JSON answer.")
    var json = false

    @Option(help: "How long to wait for the answer: 500ms, 10s, or plain seconds.")
    var timeout = DurationArgument(.seconds(10))

    func run() async throws {
        let tweet = try text ?? readStandardInput()
        let client = try service.client(timeout: timeout.duration)
        let answer: PredictionAnswer
        do {
            answer = try await client.predict(tweet)
        } catch {
            await client.shutdown()
            throw CLIError(error.description)
        }
        await client.shutdown()
        if !json {
            print(answer.isAmerican == .american ? "American" : "not American")
        }
        print(String(decoding: try JSONEncoder.stable.encode(answer), as: UTF8.self))
    }

    private func readStandardInput() throws -> String {
        var lines: [String] = []
        while let line = readLine(strippingNewline: false) { lines.append(line) }
        let text = lines.joined().trimming(while: \.isNewline)
        guard !text.isEmpty else { throw CLIError("no text: pass it as an argument or on standard input") }
        return text
    }
}
