import AmericanClient
import ArgumentParser
import Foundation

/// `american predict`: ask a running service about one tweet.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "predict", abstract: "Send one tweet to a running service.")

    @OptionGroup var service: ServiceOptions

    @Argument(help: "The tweet text (read from standard input when omitted).")
    var text: String?

    @Flag(help: "Print only the service's JSON answer.")
    var json = false

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 10.0

    func run() async throws {
        let tweet = try text ?? readStandardInput()
        let client = try service.client(timeout: timeout)
        let answer: ServiceAnswer
        do {
            answer = try await client.predict(tweet)
        } catch {
            await client.shutdown()
            throw CLIError(error.description)
        }
        await client.shutdown()
        if json {
            print(answer.body)
        } else {
            print(answer.isAmerican == 1 ? "American" : "not American")
            print(answer.body)
        }
    }

    private func readStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !text.isEmpty else { throw CLIError("no text: pass it as an argument or on standard input") }
        return text
    }
}
