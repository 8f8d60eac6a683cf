import Foundation
import Hummingbird
import NIOFoundationCompat

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
        }
    }

    /// The tweet of a `{"text": "..."}` body, or the `APIError` the API answers
    /// with. Public so that fuzzers can drive exactly the request path's decoder.
    public static func text(fromJSON body: ByteBuffer) throws -> String {
        try decode(TextRequest.self, from: body).text
    }

    /// Decodes `T` from JSON, mapping decoding failures to API errors.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: buffer)
        } catch let error as APIError {
            throw error
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw APIError.missingText()
        } catch DecodingError.valueNotFound(_, let context) where context.codingPath.isEmpty {
            throw APIError.missingText()
        } catch let DecodingError.dataCorrupted(context) {
            throw APIError.malformedJSON(context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription)
        } catch {
            throw APIError.malformedJSON("\(error.localizedDescription)")
        }
    }
}

/// `{"text": "..."}`: the body of the single-tweet routes.
struct TextRequest: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.text), try !container.decodeNil(forKey: .text) else { throw APIError.missingText() }
        do {
            self.text = try container.decode(String.self, forKey: .text)
        } catch DecodingError.typeMismatch {
            throw APIError.invalidText("'text' must be a string.")
        } catch {
            throw APIError.malformedJSON("'text' is not valid UTF-8 text")
        }
    }

    enum CodingKeys: String, CodingKey { case text }
}

/// `{"texts": ["...", ...]}`: the body of the batch route.
struct BatchRequest: Decodable {
    let texts: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.texts), try !container.decodeNil(forKey: .texts) else { throw APIError.missingText("texts") }
        do {
            self.texts = try container.decode([String].self, forKey: .texts)
        } catch DecodingError.typeMismatch {
            throw APIError.invalidText("'texts' must be an array of strings.")
        } catch {
            throw APIError.malformedJSON("'texts' holds text that is not valid UTF-8")
        }
    }

    enum CodingKeys: String, CodingKey { case texts }
}
