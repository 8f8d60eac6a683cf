/// The fitted parameters of a dual coordinate descent model on hashed
/// features: weights per bucket, the intercept, the per-bucket column
/// weighting (`Weighting`: idf or NB-SVM's log-count ratios) and the
/// calibration that turns decision values into probabilities.
public struct HashedParameters<Weighting: ColumnWeighting>: Codable, Sendable, Equatable {
    /// Inverse regularisation strength it was fitted with.
    public let c: Double
    /// One weight per column of all blocks, as 16-bit codes (for NB-SVM after
    /// the interpolation β of `Hyperparameters.beta`, so serving needs no β).
    public let weights: Quantized<Int16>
    /// The intercept (regularised, as LIBLINEAR's bias feature).
    public let bias: Double
    /// One column weight per bucket; 0 marks a column pruned by its block's min-df.
    public let columnWeights: Quantized<Weighting.Code>
    /// Platt scaling fitted on out-of-fold decision values.
    public let calibration: PlattCalibration

    /// Creates parameters from stored parts.
    public init(c: Double, weights: Quantized<Int16>, bias: Double, columnWeights: Quantized<Weighting.Code>, calibration: PlattCalibration) {
        self.c = c
        self.weights = weights
        self.bias = bias
        self.columnWeights = columnWeights
        self.calibration = calibration
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: HashedParameterKey.self)
        try self.init(
            c: container.decode(Double.self, forKey: .c),
            weights: container.decodeQuantized(.weights, scale: .weightScale),
            bias: container.decode(Double.self, forKey: .bias),
            columnWeights: container.decodeQuantized(.columnCodes(Weighting.self), scale: .columnScale(Weighting.self)),
            calibration: container.decode(PlattCalibration.self, forKey: .calibration)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: HashedParameterKey.self)
        try container.encode(c, forKey: .c)
        try container.encodeQuantized(weights, .weights, scale: .weightScale)
        try container.encode(bias, forKey: .bias)
        try container.encodeQuantized(columnWeights, .columnCodes(Weighting.self), scale: .columnScale(Weighting.self))
        try container.encode(calibration, forKey: .calibration)
    }
}

/// The parameters of the TF-IDF hashed kinds (linear SVM, dual logistic regression).
public typealias HashedLinearModel = HashedParameters<InverseDocumentFrequency>

/// The parameters of NB-SVM.
public typealias NBSVMModel = HashedParameters<LogCountRatio>

extension HashedParameters where Weighting == InverseDocumentFrequency {
    /// One idf per column as 8-bit codes.
    public var idf: Quantized<UInt8> { columnWeights }
}

extension HashedParameters where Weighting == LogCountRatio {
    /// One log-count ratio per column as 16-bit codes.
    public var ratios: Quantized<Int16> { columnWeights }
}
