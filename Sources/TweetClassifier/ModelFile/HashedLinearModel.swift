/// The fitted parameters of a dual coordinate descent model on hashed
/// features: weights and idf per bucket, the intercept, and the calibration
/// that turns its decision values into probabilities.
public struct HashedLinearModel: Codable, Sendable, Equatable {
    /// Inverse regularisation strength it was fitted with.
    public let c: Double
    /// One weight per column of all blocks, as 16-bit codes.
    public let weights: Quantized<Int16>
    /// The intercept (regularised, as LIBLINEAR's bias feature).
    public let bias: Double
    /// One idf per column as 8-bit codes; 0 marks a column pruned by its block's min-df.
    public let idf: Quantized<UInt8>
    /// Platt scaling fitted on out-of-fold decision values.
    public let calibration: PlattCalibration

    /// Creates parameters from stored parts.
    public init(c: Double, weights: Quantized<Int16>, bias: Double, idf: Quantized<UInt8>, calibration: PlattCalibration) {
        self.c = c
        self.weights = weights
        self.bias = bias
        self.idf = idf
        self.calibration = calibration
    }

    /// The calibrated decision function: `σ(a·(w·x + b₀) + b)` folded into one
    /// linear scorer, so serving stays one dot product and the per-word
    /// explanation adds up to the calibrated log-odds.
    public var scorer: LinearScorer { calibration.folded(weights: weights, bias: bias) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: HashedParameterKey.self)
        try self.init(
            c: container.decode(Double.self, forKey: .c), weights: container.decodeQuantized(.weights, scale: .weightScale),
            bias: container.decode(Double.self, forKey: .bias), idf: container.decodeQuantized(.idf, scale: .idfScale),
            calibration: container.decode(PlattCalibration.self, forKey: .calibration)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: HashedParameterKey.self)
        try container.encode(c, forKey: .c)
        try container.encodeQuantized(weights, .weights, scale: .weightScale)
        try container.encode(bias, forKey: .bias)
        try container.encodeQuantized(idf, .idf, scale: .idfScale)
        try container.encode(calibration, forKey: .calibration)
    }
}
