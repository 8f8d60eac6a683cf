import AmericanAPI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import TweetClassifier

extension ErrorAnswer {
    /// The JSON bytes of a refusal, one encoding for the router's errors and
    /// for the refusals the connection guards answer before the router.
    static func body(code: String, message: String) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONEncoder.stable.encode(ErrorAnswer(error: code, message: message))) ?? Data())
    }
}
