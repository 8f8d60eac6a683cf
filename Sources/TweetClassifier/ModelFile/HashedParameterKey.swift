/// The JSON keys of the hashed kinds' parameters, shared so that the fields
/// they have in common (C, weights, intercept, calibration) are spelled and
/// coded once.
enum HashedParameterKey: String, CodingKey {
    case c, weights, bias, calibration, idf, ratios
    case weightScale = "weight_scale"
    case idfScale = "idf_scale"
    case ratioScale = "ratio_scale"
}

extension KeyedDecodingContainer<HashedParameterKey> {
    /// Quantised values stored as packed little-endian codes under `key` and their scale under `scale`.
    func decodeQuantized<Code: FixedWidthInteger & Sendable>(_ key: Key, scale: Key) throws -> Quantized<Code> {
        try Quantized(codes: decodePacked(integers: Code.self, forKey: key), scale: decode(Float.self, forKey: scale))
    }
}

extension KeyedEncodingContainer<HashedParameterKey> {
    /// Stores `values` as `decodeQuantized` reads them.
    mutating func encodeQuantized<Code: FixedWidthInteger & Sendable>(_ values: Quantized<Code>, _ key: Key, scale: Key) throws {
        try encode(PackedNumbers.encode(integers: values.codes), forKey: key)
        try encode(values.scale, forKey: scale)
    }
}
