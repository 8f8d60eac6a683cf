#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a model file stores its long arrays of weights: base64 of the numbers
/// as little-endian IEEE-754 binary64 (or binary32 for the hashed models'
/// weights and idf, whose half-size keeps a million columns under 10 MB).
///
/// Decimal JSON numbers made the shipped model (240,000 weights) take most of
/// the server's start-up to parse; packed, the same values load about 20 times
/// faster and stay bit-exact and portable (`numpy.frombuffer(base64.b64decode(s), "<f8")`
/// reads them, `"<f4"` for binary32). Short values such as an intercept stay plain JSON numbers.
enum PackedNumbers {
    /// The base64 text of `values`.
    static func encode<T: PackableFloat>(_ values: [T]) -> String {
        encode(integers: values.map(\.bitPattern))
    }

    /// The values of base64 `text`, or nil when it is not base64 of whole values of `T`.
    static func decode<T: PackableFloat>(_ text: String, as _: T.Type) -> [T]? {
        decode(text, asIntegers: T.Bits.self)?.map(T.init(bitPattern:))
    }

    /// The base64 text of little-endian integers (quantised weights).
    static func encode<T: FixedWidthInteger>(integers values: [T]) -> String {
        let width = MemoryLayout<T>.size
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * width)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// The integers of base64 `text`, or nil when it is not base64 of whole values of `T`.
    /// The bytes are copied into the array in one block and only swapped on a
    /// big-endian machine: a hashed model has 1.5 million of them to load.
    static func decode<T: FixedWidthInteger>(_ text: String, asIntegers _: T.Type) -> [T]? {
        let width = MemoryLayout<T>.size
        guard let data = Data(base64Encoded: text), data.count % width == 0 else { return nil }
        var values = [T](repeating: 0, count: data.count / width)
        values.withUnsafeMutableBytes { destination in _ = data.copyBytes(to: destination) }
        #if _endian(big)
        for index in values.indices { values[index] = T(littleEndian: values[index]) }
        #endif
        return values
    }
}

extension KeyedEncodingContainer {
    /// Encodes `values` packed (see `PackedNumbers`).
    mutating func encodePacked<T: PackableFloat>(_ values: [T], forKey key: Key) throws {
        try encode(PackedNumbers.encode(values), forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// Decodes binary64 values stored by `encodePacked`.
    func decodePacked(forKey key: Key) throws -> [Double] {
        try decodePacked(Double.self, forKey: key)
    }

    /// Decodes values of `type` stored by `encodePacked`.
    func decodePacked<T: PackableFloat>(_ type: T.Type, forKey key: Key) throws -> [T] {
        try decodePacked(integers: T.Bits.self, forKey: key, name: "float").map(T.init(bitPattern:))
    }

    /// Decodes little-endian integers of `type` stored by `encode(integers:)`; `name` words the error.
    func decodePacked<T: FixedWidthInteger>(integers type: T.Type, forKey key: Key, name: String = "int") throws -> [T] {
        let text = try decode(String.self, forKey: key)
        guard let values = PackedNumbers.decode(text, asIntegers: type) else {
            let bits = MemoryLayout<T>.size * 8
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not base64 of little-endian \(name)\(bits) values")
        }
        return values
    }
}
