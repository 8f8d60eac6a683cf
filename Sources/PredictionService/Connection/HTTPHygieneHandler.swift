import AmericanAPI
import NIOCore
import NIOHTTP1

/// The HTTP/1 rules the router never sees, applied where the request head
/// still has its version and raw headers (between NIO's codec and
/// Hummingbird's):
///
/// - HTTP/1.1 needs exactly one `Host` (RFC 9112 §3.2), HTTP/1.0 at most one: else 400.
/// - A `Content-Length` that is not a number, or larger than any route accepts,
///   is refused with 413 at once, before a byte of the body is read.
/// - `Expect: 100-continue` is answered with `100 Continue` (other expectations: 417).
/// - The connection closes after the response when the client asked for it
///   (HTTP/1.0 without keep-alive), when the response says so (a 413), and
///   during the drain, whose answers all carry `Connection: close` so that
///   keep-alive clients reconnect to another replica.
///
/// It also tells the connection's tracker and request deadline when a
/// request starts and ends.
final class HTTPHygieneHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let tracker: ConnectionTracker
    private let deadline: RequestDeadlineHandler
    private let maxBodyBytes: Int
    private let isDraining: @Sendable () -> Bool
    /// For each request read and not yet answered (pipelining keeps several), whether its client asked to close.
    private var clientCloses: [Bool] = []
    /// Whether the response being written ends the connection.
    private var closeAfterResponse = false
    /// Set once this handler has answered (and is closing): later parts are dropped.
    private var refused = false

    /// A handler for one connection; `maxBodyBytes` is the largest body any route accepts.
    init(tracker: ConnectionTracker, deadline: RequestDeadlineHandler, maxBodyBytes: Int, isDraining: @escaping @Sendable () -> Bool) {
        self.tracker = tracker
        self.deadline = deadline
        self.maxBodyBytes = maxBodyBytes
        self.isDraining = isDraining
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case let .head(head):
            tracker.requestStarted()
            clientCloses.append(!head.isKeepAlive)
            if let refusal = refusal(of: head) {
                refuse(context, head: head, refusal)
                return
            }
            if let expectation = head.headers.first(name: "expect") {
                guard expectation.lowercased() == "100-continue" else {
                    refuse(context, head: head, .init(status: .expectationFailed, code: "expectation_failed", message: "Only 'Expect: 100-continue' is supported."))
                    return
                }
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
        case .end:
            deadline.requestComplete()
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case var .head(head) where head.status.code >= 200:
            deadline.responseStarted()
            let clientAsked = clientCloses.isEmpty ? false : clientCloses.removeFirst()
            closeAfterResponse = clientAsked || isDraining() || head.headers.first(name: "connection")?.lowercased() == "close"
            if closeAfterResponse { head.headers.replaceOrAdd(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            tracker.responseFinished()
            deadline.responseComplete()
            guard closeAfterResponse else {
                context.write(data, promise: promise)
                return
            }
            let written = promise ?? context.eventLoop.makePromise()
            written.futureResult.whenComplete { _ in context.close(promise: nil) }
            context.writeAndFlush(data, promise: written)
        case .head, .body:
            context.write(data, promise: promise)
        }
    }

    /// Why `head` is refused before routing, if it is.
    private func refusal(of head: HTTPRequestHead) -> Refusal? {
        let hosts = head.headers[canonicalForm: "host"].count
        if head.version.minor >= 1 ? hosts != 1 : hosts > 1 {
            return Refusal(status: .badRequest, code: "bad_host", message: "A request must carry exactly one Host header.")
        }
        let lengths = head.headers[canonicalForm: "content-length"]
        if !lengths.isEmpty {
            guard Set(lengths).count == 1, let length = Int(lengths[0]), length >= 0 else {
                return Refusal(status: .badRequest, code: "bad_content_length", message: "Content-Length must be one whole number.")
            }
            if length > maxBodyBytes {
                return Refusal(status: .payloadTooLarge, code: "payload_too_large", message: "The body is larger than the \(maxBodyBytes)-byte limit.")
            }
        }
        return nil
    }

    /// Answers `refusal` and closes the connection without reading the rest of the request.
    private func refuse(_ context: ChannelHandlerContext, head request: HTTPRequestHead, _ refusal: Refusal) {
        refused = true
        deadline.responseStarted()
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Connection", "close")])
        let body = ErrorAnswer.body(code: refusal.code, message: refusal.message)
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: refusal.status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    /// A refusal this handler answers itself.
    private struct Refusal {
        let status: HTTPResponseStatus
        let code: String
        let message: String
    }
}
