/// Fixed-point decimal text of a number, without `String(format:)` (which
/// needs full Foundation, and with it ICU's 34 MB of data in the binary):
/// reports and command-line summaries print many such numbers.
public enum Fixed {
    /// `value` rounded to `digits` decimals, e.g. `format(0.81234, digits: 3)` is `"0.812"`,
    /// left-padded with spaces to `width` characters as `%8.3f` would be.
    public static func format(_ value: Double, digits: Int, width: Int = 0) -> String {
        let text = unpadded(value, digits: digits)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private static func unpadded(_ value: Double, digits: Int) -> String {
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
