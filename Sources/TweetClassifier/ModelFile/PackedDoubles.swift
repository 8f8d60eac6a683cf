import Foundation

/// How a model file stores its long arrays of weights: base64 of the numbers
/// as little-endian IEEE-754 binary64.
///
/// Decimal JSON numbers made the shipped model (240,000 weights) take most of
/// the server's start-up to parse; packed, the same values load about 20 times
/// faster and stay bit-exact and portable (`numpy.frombuffer(base64.b64decode(s), "<f8")`
/// reads them). Short values such as an intercept stay plain JSON numbers.
enum PackedDoubles {
    /// The base64 text of `values`.
    static func encode(_ values: [Double]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// The values of base64 `text`, or nil when it is not base64 of whole binary64 values.
    static func decode(_ text: String) -> [Double]? {
        guard let data = Data(base64Encoded: text), data.count % 8 == 0 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<data.count / 8).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
    }
}

extension KeyedEncodingContainer {
    /// Encodes `values` packed (see `PackedDoubles`).
    mutating func encodePacked(_ values: [Double], forKey key: Key) throws {
        try encode(PackedDoubles.encode(values), forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// Decodes values stored by `encodePacked`.
    func decodePacked(forKey key: Key) throws -> [Double] {
        let text = try decode(String.self, forKey: key)
        guard let values = PackedDoubles.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not base64 of little-endian float64 values")
        }
        return values
    }
}
