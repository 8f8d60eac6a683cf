/// Fixed-point decimal text of a number, without `String(format:)` (which
/// needs full Foundation): reports print many such numbers.
enum Fixed {
    /// `value` rounded to `digits` decimals, e.g. `format(0.81234, digits: 3)` is `"0.812"`.
    static func format(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        var fraction = String(Int(scaled - Double(whole) * scale))
        fraction = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return digits > 0 ? "\(sign)\(whole).\(fraction)" : "\(sign)\(whole)"
    }
}
