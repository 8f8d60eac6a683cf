import NIOCore

/// Cuts a request that does not arrive in time, however slowly it trickles.
///
/// It sits first in the pipeline, on the raw bytes: the clock starts at the
/// first byte of a request and stops when `HTTPHygieneHandler` has read the
/// request's end. Hummingbird's idle timer restarts on every byte, so a body
/// sent one byte every few seconds would otherwise hold a connection forever.
/// At the deadline the client gets a 408 (written here, below the HTTP
/// encoder, since no response was started) and the connection is closed.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Where the connection is in its request/response cycle.
    private enum State {
        /// Between requests: the next byte starts the clock.
        case idle
        /// A request is arriving; the deadline is armed.
        case receiving(Scheduled<Void>)
        /// The request is in; bytes of a next (pipelined) request may already be waiting.
        case answering(bytesPending: Bool)
    }

    private let deadline: Duration
    private let onExpiry: @Sendable () -> Void
    private var state = State.idle
    private var context: ChannelHandlerContext?

    /// A handler giving each request `deadline` to arrive; `onExpiry` hears each cut (for the metrics).
    init(deadline: Duration, onExpiry: @escaping @Sendable () -> Void) {
        self.deadline = deadline
        self.onExpiry = onExpiry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch state {
        case .idle: arm(context)
        case .answering: state = .answering(bytesPending: true)
        case .receiving: break
        }
        context.fireChannelRead(data)
    }

    /// The whole request has been read: stop the clock.
    func requestComplete() {
        disarm()
        state = .answering(bytesPending: false)
    }

    /// A response has begun before the request was complete (an early refusal): stop the clock.
    func responseStarted() {
        if case .receiving = state { requestComplete() }
    }

    /// The response was written: the next request's clock starts with its first byte
    /// (at once if its bytes have already arrived).
    func responseComplete() {
        guard case let .answering(bytesPending) = state else { return }
        state = .idle
        if bytesPending, let context { arm(context) }
    }

    private func arm(_ context: ChannelHandlerContext) {
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(deadline)) { [self] in
            expire()
        }
        state = .receiving(timer)
    }

    private func disarm() {
        if case let .receiving(timer) = state { timer.cancel() }
        state = .idle
    }

    private func expire() {
        guard case .receiving = state, let context else { return }
        state = .answering(bytesPending: false)
        onExpiry()
        let body = #"{"error":"request_timeout","message":"The request did not arrive within \#(deadline)."}"#
        let response = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
