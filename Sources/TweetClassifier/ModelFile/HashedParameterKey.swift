/// The JSON keys of the hashed kinds' parameters, shared so that the fields
/// they have in common (C, weights, intercept, calibration) are spelled and
/// coded once; the column weighting's keys come from its `ColumnWeighting`.
struct HashedParameterKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    static let c = Self(stringValue: "c")
    static let weights = Self(stringValue: "weights")
    static let weightScale = Self(stringValue: "weight_scale")
    static let bias = Self(stringValue: "bias")
    static let calibration = Self(stringValue: "calibration")

    /// The key of a column weighting's codes.
    static func columnCodes<Weighting: ColumnWeighting>(_: Weighting.Type) -> Self { Self(stringValue: Weighting.codesKey) }
    /// The key of a column weighting's scale.
    static func columnScale<Weighting: ColumnWeighting>(_: Weighting.Type) -> Self { Self(stringValue: Weighting.scaleKey) }
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
