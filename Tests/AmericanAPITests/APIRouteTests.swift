@testable import AmericanAPI
import Testing

@Suite("API routes")
struct APIRouteTests {
    @Test("paths are unique and every path, page assets included, maps back to its route")
    func pathsRoundTrip() {
        let paths = APIRoute.allCases.map(\.path)
        #expect(Set(paths).count == paths.count)
        for route in APIRoute.allCases {
            #expect(APIRoute(servingPath: route.path) == route)
        }
        for asset in APIRoute.pageAssets {
            #expect(APIRoute(servingPath: asset) == .page)
        }
        #expect(APIRoute(servingPath: "/nope") == nil)
    }

    @Test("the prediction routes are POST and the operational ones GET")
    func methods() {
        #expect(APIRoute.allCases.filter { $0.method == .post } == [.predict, .batch, .explain])
    }
}
