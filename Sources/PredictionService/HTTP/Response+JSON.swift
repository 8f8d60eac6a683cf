#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import TweetClassifier

extension Response {
    /// A JSON response of `value`, encoded the one stable way (`JSONEncoder.stable`).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let body = ByteBuffer(bytes: try JSONEncoder.stable.encode(value))
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}
