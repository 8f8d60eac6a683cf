import ArgumentParser

/// A training file and the sample weight of its rows: `--data B.csv:0.5`.
///
/// The weight is a trailing `:number`; a path that contains `:` followed by
/// anything that is not a number stays a path, so `C:/data.csv` or
/// `a:b.csv` read as files of weight 1.
struct WeightedSource: ExpressibleByArgument, Equatable {
    /// The file to read.
    let path: String
    /// The weight of each of its rows (positive; 1 when not given).
    let weight: Double

    init(path: String, weight: Double = 1) {
        self.path = path
        self.weight = weight
    }

    init?(argument: String) {
        if let colon = argument.lastIndex(of: ":"), let weight = Double(argument[argument.index(after: colon)...]),
           argument[..<colon].isEmpty == false {
            guard weight > 0, weight.isFinite else { return nil }
            self.init(path: String(argument[..<colon]), weight: weight)
        } else {
            self.init(path: argument)
        }
    }
}
