import AmericanAPI
import HTTPTypes
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

    static let html = Asset(contentType: "text/html; charset=utf-8", body: ByteBuffer(bytes: PackageResources.index_html))
    static let openAPI = Asset(contentType: "application/yaml; charset=utf-8", body: ByteBuffer(bytes: PackageResources.openapi_yaml))

    /// The page's files by path (`/` and every `APIRoute.pageAssets` entry).
    static let page: [String: Asset] = [
        APIRoute.page.path: html,
        "/index.html": html,
        "/app.js": Asset(contentType: "text/javascript; charset=utf-8", body: ByteBuffer(bytes: PackageResources.app_js)),
        "/style.css": Asset(contentType: "text/css; charset=utf-8", body: ByteBuffer(bytes: PackageResources.style_css)),
        "/favicon.svg": Asset(contentType: "image/svg+xml", body: ByteBuffer(bytes: PackageResources.favicon_svg)),
    ]

    /// Header names HTTPTypes does not predefine.
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    /// A handler answering `asset`, with a strict Content-Security-Policy (the
    /// page loads nothing from elsewhere, has no inline code and may not be
    /// framed), no MIME sniffing and no referrer.
    static func handler<Context: RequestContext>(_ asset: Asset) -> @Sendable (Request, Context) -> Response {
        { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: asset.contentType, .cacheControl: "no-cache",
                    .contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                    .xContentTypeOptions: "nosniff", Self.frameOptions: "DENY", Self.referrerPolicy: "no-referrer",
                ],
                body: .init(byteBuffer: asset.body)
            )
        }
    }
}
