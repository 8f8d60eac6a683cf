import Hummingbird

/// The web page and the OpenAPI document, compiled into the binary
/// (SwiftPM `embedInCode`) so that the executable is self-contained: the
/// container needs no resource folder and nothing is read from disk.
struct StaticAssets: Sendable {
    /// A file served as is.
    struct Asset: Sendable {
        let contentType: String
        let body: ByteBuffer
    }

    static let assets: [String: Asset] = [
        "/": Asset(contentType: "text/html; charset=utf-8", body: ByteBuffer(bytes: PackageResources.index_html)),
        "/index.html": Asset(contentType: "text/html; charset=utf-8", body: ByteBuffer(bytes: PackageResources.index_html)),
        "/app.js": Asset(contentType: "text/javascript; charset=utf-8", body: ByteBuffer(bytes: PackageResources.app_js)),
        "/style.css": Asset(contentType: "text/css; charset=utf-8", body: ByteBuffer(bytes: PackageResources.style_css)),
        "/favicon.svg": Asset(contentType: "image/svg+xml", body: ByteBuffer(bytes: PackageResources.favicon_svg)),
        "/openapi.yaml": Asset(contentType: "application/yaml; charset=utf-8", body: ByteBuffer(bytes: PackageResources.openapi_yaml)),
    ]

    /// Registers one GET route per asset, with a strict Content-Security-Policy
    /// (the page loads nothing from elsewhere and has no inline code).
    func register(on router: Router<some RequestContext>) {
        for (path, asset) in Self.assets {
            router.only(.get, RouterPath(path)) { _, _ in
                Response(
                    status: .ok,
                    headers: [
                        .contentType: asset.contentType, .cacheControl: "no-cache",
                        .contentSecurityPolicy: "default-src 'self'", .xContentTypeOptions: "nosniff",
                    ],
                    body: .init(byteBuffer: asset.body)
                )
            }
        }
    }
}
