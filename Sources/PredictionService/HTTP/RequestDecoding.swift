import Hummingbird
import NIOCore

/// Reads JSON request bodies the way Flask's `get_json(force=True)` does:
/// whatever the Content-Type, a JSON body is accepted. Every way a body can
/// be wrong becomes an `APIError` (400 or 413), never a server error.
public enum RequestDecoding {
    /// Collects the body up to `limit` bytes; a larger declared or actual body is a 413,
    /// refused as soon as it is known, without buffering the rest.
    static func body(of request: Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        var request = request
        do {
            return try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge(limit: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge(limit: limit)
        } catch {
            throw APIError(status: .badRequest, code: "malformed_body", message: "The request body could not be read (\(error)).")
        }
    }

    /// The tweet of a `{"text": "..."}` body, or the `APIError` the API answers
    /// with. Public so that fuzzers can drive exactly the request path's decoder.
    public static func text(fromJSON body: ByteBuffer) throws(APIError) -> String {
        switch try member("text", of: body) {
        case let .string(text): return text
        case nil, .null: throw .missingText()
        case .strings, .other: throw .invalidText("'text' must be a string.")
        }
    }

    /// The tweets of a `{"texts": ["...", ...]}` body.
    static func texts(fromJSON body: ByteBuffer) throws(APIError) -> [String] {
        switch try member("texts", of: body) {
        case let .strings(texts): return texts
        case nil, .null: throw .missingText("texts")
        case .string, .other: throw .invalidText("'texts' must be an array of strings.")
        }
    }

    /// The value of a top-level member (nil when absent); a body that is JSON
    /// but not an object lacks every member.
    private static func member(_ name: String, of body: ByteBuffer) throws(APIError) -> JSONBodyReader.Value? {
        let result = body.withUnsafeReadableBytes { bytes in Result { () throws(JSONBodyReader.Malformed) in try JSONBodyReader.read(bytes) } }
        switch result {
        case let .success(.object(members)): return members[name]
        case .success(.notAnObject): throw .missingText(name)
        case let .failure(malformed): throw .malformedJSON(malformed.reason)
        }
    }
}
