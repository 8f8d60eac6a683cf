/// The fitted parameters of an NB-SVM (Wang & Manning 2012) on hashed
/// features: the log-count ratio of every bucket, the SVM's weights on the
/// ratio-scaled features, the intercept and the calibration.
///
/// The ratios take the place of the other hashed kinds' idf: a tweet's
/// feature for a bucket is the bucket's ratio when one of its n-grams occurs
/// (binarised, so a repeated n-gram counts once), each block L2-normalised.
/// They depend on the labels, so cross-validation fits them on each fold's
/// training rows only.
public struct NBSVMModel: Codable, Sendable, Equatable {
    /// Inverse regularisation strength it was fitted with.
    public let c: Double
    /// One weight per column as 16-bit codes, after the interpolation β of
    /// `Hyperparameters.beta` (so serving needs no β).
    public let weights: Quantized<Int16>
    /// The intercept (regularised, as LIBLINEAR's bias feature).
    public let bias: Double
    /// One log-count ratio per column as 16-bit codes; 0 marks a column pruned by its block's min-df.
    public let ratios: Quantized<Int16>
    /// Platt scaling fitted on out-of-fold decision values.
    public let calibration: PlattCalibration

    /// Creates parameters from stored parts.
    public init(c: Double, weights: Quantized<Int16>, bias: Double, ratios: Quantized<Int16>, calibration: PlattCalibration) {
        self.c = c
        self.weights = weights
        self.bias = bias
        self.ratios = ratios
        self.calibration = calibration
    }

    /// The calibrated decision function as one linear scorer.
    public var scorer: LinearScorer { calibration.folded(weights: weights, bias: bias) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: HashedParameterKey.self)
        try self.init(
            c: container.decode(Double.self, forKey: .c), weights: container.decodeQuantized(.weights, scale: .weightScale),
            bias: container.decode(Double.self, forKey: .bias), ratios: container.decodeQuantized(.ratios, scale: .ratioScale),
            calibration: container.decode(PlattCalibration.self, forKey: .calibration)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: HashedParameterKey.self)
        try container.encode(c, forKey: .c)
        try container.encodeQuantized(weights, .weights, scale: .weightScale)
        try container.encode(bias, forKey: .bias)
        try container.encodeQuantized(ratios, .ratios, scale: .ratioScale)
        try container.encode(calibration, forKey: .calibration)
    }
}
