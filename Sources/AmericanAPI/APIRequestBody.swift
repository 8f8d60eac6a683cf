/// Maps request bodies to what the routes need, the way Flask's
/// `get_json(force=True)` does: whatever the Content-Type, a JSON body is
/// accepted; every way it can be wrong is a `RequestBodyError`.
///
/// Server, fuzzers and tests all call these, so what is fuzzed is what serves.
public enum APIRequestBody {
    /// The tweet of a `{"text": "..."}` body.
    public static func text(fromJSON body: UnsafeRawBufferPointer) throws(RequestBodyError) -> String {
        switch try member("text", of: body) {
        case let .string(text): return text
        case nil, .null: throw .missing(field: "text")
        case .strings, .other: throw .invalid("'text' must be a string.")
        }
    }

    /// The tweets of a `{"texts": ["...", ...]}` body.
    public static func texts(fromJSON body: UnsafeRawBufferPointer) throws(RequestBodyError) -> [String] {
        switch try member("texts", of: body) {
        case let .strings(texts): return texts
        case nil, .null: throw .missing(field: "texts")
        case .string, .other: throw .invalid("'texts' must be an array of strings.")
        }
    }

    /// The value of a top-level member (nil when absent); a body that is JSON
    /// but not an object lacks every member.
    private static func member(_ name: String, of body: UnsafeRawBufferPointer) throws(RequestBodyError) -> JSONBodyReader.Value? {
        switch Result(catching: { () throws(JSONBodyReader.Malformed) in try JSONBodyReader.read(body) }) {
        case let .success(.object(members)): return members[name]
        case .success(.notAnObject): throw .missing(field: name)
        case let .failure(malformed): throw .malformedJSON(malformed.reason.trimmingSuffix(". "))
        }
    }
}

extension String {
    /// Drops trailing characters in `characters` (the reader's reasons may end a sentence).
    fileprivate func trimmingSuffix(_ characters: String) -> String {
        var text = Substring(self)
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
