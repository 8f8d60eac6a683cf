import AmericanAPI
import Hummingbird
import NIOCore

/// Reads request bodies for the routes: collects the bytes within a limit,
/// then maps them with the contract's `RequestBody`. Every way a body can be
/// wrong becomes an `APIError` (400 or 413), never a server error.
enum RequestDecoding {
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

    /// The tweet of a `{"text": "..."}` body.
    static func text(fromJSON body: ByteBuffer) throws(APIError) -> String {
        try mapped(body, APIRequestBody.text(fromJSON:))
    }

    /// The tweets of a `{"texts": ["...", ...]}` body.
    static func texts(fromJSON body: ByteBuffer) throws(APIError) -> [String] {
        try mapped(body, APIRequestBody.texts(fromJSON:))
    }

    private static func mapped<Value>(
        _ body: ByteBuffer, _ map: (UnsafeRawBufferPointer) throws(RequestBodyError) -> Value
    ) throws(APIError) -> Value {
        let result = body.withUnsafeReadableBytes { bytes in
            Result { () throws(RequestBodyError) in try map(bytes) }
        }
        switch result {
        case let .success(value): return value
        case let .failure(refusal): throw APIError(refusal)
        }
    }
}
