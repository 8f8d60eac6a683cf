import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with the defences a public service
/// needs in front of it: every connection is counted against the
/// `ConnectionBudget`, each request must arrive within its deadline
/// (`RequestDeadlineHandler`, on the raw bytes), and `HTTPHygieneHandler`
/// applies the HTTP/1 rules that need the version and raw headers. The rest
/// of the pipeline, and the request loop, are Hummingbird's own.
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    /// What the guards are set to.
    struct Limits: Sendable {
        /// How long a whole request (head and body) may take to arrive.
        let requestTimeout: Duration
        /// How long an idle keep-alive connection is kept.
        let idleTimeout: Duration
        /// The largest body any route accepts (a larger `Content-Length` is a 413 at once).
        let maxBodyBytes: Int
    }

    let responder: HTTPChannelHandler.Responder
    let limits: Limits
    let budget: ConnectionBudget
    let metrics: ServiceMetrics
    let isDraining: @Sendable () -> Bool

    /// Hummingbird's own header limits: 80 KiB for one field and for all, at most 1,000 fields.
    static let decoderLimits: NIOHTTPDecoderLimitConfiguration = {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = 80 * 1024
        limits.maxHeaderListSize = 80 * 1024
        limits.maxHeaderFieldCount = 1000
        return limits
    }()

    /// Builds the pipeline of one accepted connection.
    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let tracker = ConnectionTracker(channel: channel)
            budget.admit(tracker)
            let deadline = RequestDeadlineHandler(deadline: limits.requestTimeout) { [metrics] in metrics.requestTimedOut() }
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(deadline)
            try operations.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: Self.decoderLimits
            )
            try operations.addHandler(HTTPHygieneHandler(
                tracker: tracker, deadline: deadline, maxBodyBytes: limits.maxBodyBytes, isDraining: isDraining
            ))
            try operations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try operations.addHandler(HTTPConnectionStateHandler(idleTimeout: limits.idleTimeout, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    /// Serves the connection's requests with Hummingbird's own loop.
    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
