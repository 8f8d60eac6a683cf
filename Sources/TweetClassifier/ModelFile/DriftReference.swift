/// What a model's inputs and outputs looked like in training, kept in its
/// file so that a server can tell when live traffic stops looking like it.
///
/// Both distributions are measured the honest way, on tweets the model did
/// not learn from: the probability is the calibrated out-of-fold one (the
/// in-sample probabilities of a fitted model are over-confident, so live
/// traffic would always look drifted from them), and the unknown-word rate is
/// counted against the features the other folds kept. Each is binned in tenths.
public struct DriftReference: Codable, Sendable, Equatable {
    /// Bins of both distributions: tenths of [0, 1].
    public static let binCount = 10

    /// The share of the reference tweets in each tenth of predicted probability.
    public var probability: [Double]
    /// The share of the reference tweets in each tenth of unknown-word rate
    /// (tweets without tokens left out); nil for a model without a word block.
    public var unknownWords: [Double]?
    /// How many tweets the distributions were measured on.
    public var rows: Int

    /// Bins the reference tweets' out-of-fold probabilities and unknown-word rates.
    public init(probabilities: [Double], unknownShares: [Double]?) {
        self.probability = Self.shares(probabilities)
        self.unknownWords = unknownShares.map(Self.shares)
        self.rows = probabilities.count
    }

    /// The bin of a value in [0, 1] (1 falls in the last bin, out-of-range values in the nearest).
    @inline(__always)
    public static func bin(_ value: Double) -> Int {
        value < 1 ? max(0, Int(value * Double(binCount))) : binCount - 1
    }

    private static func shares(_ values: [Double]) -> [Double] {
        var counts = [Int](repeating: 0, count: binCount)
        for value in values { counts[bin(value)] += 1 }
        return counts.map { Double($0) / Double(max(1, values.count)) }
    }

    /// What is wrong with a stored reference, nil when it is usable.
    var problem: String? {
        guard rows > 0 else { return "rows must be positive" }
        return Self.problem("probability", probability) ?? unknownWords.flatMap { Self.problem("unknown_words", $0) }
    }

    private static func problem(_ name: String, _ shares: [Double]) -> String? {
        guard shares.count == binCount else { return "\(name) has \(shares.count) bins, not \(binCount)" }
        guard shares.allSatisfy({ $0.isFinite && $0 >= 0 }), abs(shares.reduce(0, +) - 1) < 1e-6 else {
            return "\(name) must be \(binCount) non-negative shares that sum to 1"
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case probability, rows
        case unknownWords = "unknown_words"
    }
}
