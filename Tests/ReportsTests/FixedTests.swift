import Foundation
import Reports
import Testing

@Suite("Fixed-point text")
struct FixedTests {
    /// The server links no `String(format:)`; tests may, to check the stand-in against it.
    @Test("is String(format: \"%W.Nf\") away from exact ties", arguments: [
        (0.81234, 3, 0), (0.5, 4, 0), (-1.26, 1, 0), (12.3456, 3, 8), (7.0, 0, 3), (100.0, 0, 3),
        (1234.56, 0, 3), (0.99996, 4, 0), (25_000.4, 0, 0),
    ])
    func format(value: Double, digits: Int, width: Int) {
        #expect(Fixed.format(value, digits: digits, width: width) == String(format: "%\(width).\(digits)f", value))
    }

    /// Where it parts from printf, on purpose: printf rounds an exact binary tie to even
    /// and prints a negative number that rounds to zero as "-0.00".
    @Test("rounds exact ties away from zero and prints no negative zero")
    func ties() {
        #expect(Fixed.format(-1.25, digits: 1) == "-1.3")
        #expect(Fixed.format(0.125, digits: 2) == "0.13")
        #expect(Fixed.format(-0.0001, digits: 2) == "0.00")
    }
}
