import AmericanAPI
import AmericanClient
import ArgumentParser
import Foundation
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
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !text.isEmpty else { throw CLIError("no text: pass it as an argument or on standard input") }
        return text
    }
}
