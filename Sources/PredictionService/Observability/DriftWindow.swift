import TweetClassifier

/// Predictions per drift bin over a sliding window, kept as a ring of equal
/// time slices: recording touches one slice, and a slice is cleared when the
/// ring comes round to it again, so the window slides in steps of one slice
/// and a request never allocates (a slice's counts are replaced once per slice).
struct DriftWindow {
    /// Slices in the window: it slides in steps of a tenth of its length.
    static let sliceCount = 10

    /// The slice number each ring entry holds (-1: never used).
    private var sliceNumbers = [Int](repeating: -1, count: sliceCount)
    private var slices = [DriftCounts](repeating: DriftCounts(), count: sliceCount)

    /// Counts one prediction in slice number `slice` (time since start / slice length).
    mutating func record(_ assessment: Assessment, slice: Int) {
        let entry = slice % Self.sliceCount
        if sliceNumbers[entry] != slice {
            sliceNumbers[entry] = slice
            slices[entry] = DriftCounts()
        }
        slices[entry].add(assessment)
    }

    /// The counts of the window that ends with slice number `slice`.
    func totals(slice: Int) -> DriftCounts {
        var totals = DriftCounts()
        for entry in 0..<Self.sliceCount where sliceNumbers[entry] > slice - Self.sliceCount && sliceNumbers[entry] <= slice {
            totals.add(slices[entry])
        }
        return totals
    }
}
