/// Values stored as small integers times one scale: how a hashed model keeps
/// two million buckets under 10 MB (16-bit weights, 8-bit idf).
///
/// Quantising is part of the model, not an afterthought: training uses the
/// quantised idf to build its features, and the stored weights are what
/// serving multiplies by, so a loaded model predicts exactly what was evaluated.
public struct Quantized<Code: FixedWidthInteger & Sendable>: Sendable, Equatable {
    /// The integer codes.
    public let codes: [Code]
    /// The value of code 1.
    public let scale: Float

    /// Codes for `values` (all within ±max), scaled so that the largest magnitude gets the largest code.
    public init(_ values: [Float]) {
        let largest = values.reduce(Float(0)) { max($0, abs($1)) }
        let scale = largest > 0 ? largest / Float(Code.max) : 1
        self.init(codes: values.map { Code(($0 / scale).rounded()) }, scale: scale)
    }

    /// Stored codes and scale.
    public init(codes: [Code], scale: Float) {
        self.codes = codes
        self.scale = scale
    }

    /// The values the codes stand for.
    public var values: [Float] { codes.map { Float($0) * scale } }
}
