import Reports
import Testing

@Suite("Percentiles")
struct PercentilesTests {
    @Test("percentiles interpolate like numpy")
    func percentiles() {
        #expect(Percentiles.value([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Percentiles.value([1, 2, 3, 4], 1) == 4)
        #expect(Percentiles.value([], 0.9) == 0)
    }
}
