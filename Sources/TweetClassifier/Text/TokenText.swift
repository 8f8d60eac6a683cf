/// A token's text as the tokenizer found it, before any string is built: a
/// run of the tweet's bytes, to be lower-cased, or (a link's host) a string
/// of its own.
///
/// The hashed analyzer only needs each token's hash, and a word token is
/// mostly ASCII: hashing its bytes as they are lower-cased skips building a
/// string for each of the thirty tokens of every prediction.
enum TokenText {
    /// Bytes of the text, valid UTF-8; the token is their lower-cased form.
    /// They point into the text being tokenized, so a `TokenText` is read
    /// inside the tokenizer's callback and never kept.
    case bytes(UnsafeBufferPointer<UInt8>)
    /// A text already normalised.
    case string(String)

    /// The lower-cased text: ASCII in one pass into the new string's storage,
    /// anything else through Unicode's lower-case mapping.
    var string: String {
        switch self {
        case let .string(text):
            return text
        case let .bytes(bytes):
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return String(decoding: bytes, as: UTF8.self).lowercased() }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for (k, byte) in bytes.enumerated() {
                    buffer[k] = Self.lowercasedASCII(byte)
                }
                return bytes.count
            }
        }
    }

    /// The lower-case form of an ASCII byte.
    @inline(__always)
    static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
    }
}
