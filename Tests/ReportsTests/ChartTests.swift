import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports
import TweetClassifier

@Suite("Charts")
struct ChartTests {
    @Test("charts are well-formed SVG with escaped text")
    func charts() throws {
        let svgs = [
            SVGCharts.confusionMatrix(ConfusionMatrix(truePositives: 3, falsePositives: 1, trueNegatives: 2, falseNegatives: 0)),
            SVGCharts.rocCurve(ROCCurve(labels: [.notAmerican, .american], scores: [0.2, 0.7]).points, area: 1),
            SVGCharts.latencyHistogram([1, 2, 2, 3, 10]),
        ]
        for svg in svgs {
            _ = try XMLDocument(xmlString: svg)
            #expect(svg.hasPrefix("<svg"))
        }
        var doc = SVGDocument(width: 10, height: 10)
        doc.text("a < b & \"c\"", x: 0, y: 0)
        #expect(doc.rendered.contains("a &lt; b &amp; &quot;c&quot;"))
    }
}
