extension Sequence where Element == UInt8 {
    /// Lower-case hex text of the bytes, e.g. a SHA-256 digest as models and
    /// `MODEL_SHA256` write it; `String(format: "%02x")` would need full Foundation.
    public var hexEncoded: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
