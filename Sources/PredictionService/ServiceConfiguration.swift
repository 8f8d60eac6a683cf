import Glibc
import Logging

/// Everything `american serve` can be told, gathered in one value so that
/// the executable and the tests build the very same application from it.
///
/// The command line and the environment reach it through `ServeSettings`
/// (the one table of flags, variables, defaults and bounds); the defaults
/// here are that table's defaults.
public struct ServiceConfiguration: Sendable {
    /// Address to bind (`0.0.0.0` in containers, `127.0.0.1` for local use).
    public var host = "127.0.0.1"
    /// TCP port (0 picks a free one, which tests use).
    public var port = 8080
    /// Where the model comes from: a file path or an http(s) URL.
    public var modelSource: ModelSource = .file("models/american.model.json")
    /// When set, a model whose SHA-256 differs is refused.
    public var modelSHA256: String?
    /// How often to check for a new model; nil checks only on SIGHUP.
    public var modelRefresh: Duration?
    /// Start unready and keep retrying when the first load fails, instead of exiting.
    public var waitForModel = false
    /// How long the server keeps answering after SIGTERM with `/readyz` at 503.
    public var drain: Duration = .seconds(5)
    /// The largest request body accepted, in bytes.
    public var maxBodyBytes = 64 * 1024
    /// The largest model download accepted, in bytes.
    public var maxModelBytes = 256 * 1024 * 1024
    /// How long a model download may take in all.
    public var modelDownloadTimeout: Duration = .seconds(30)
    /// How long an idle or stalled client connection is kept (slow-loris defence).
    public var idleTimeout: Duration = .seconds(60)
    /// How long a whole request (head and body) may take to arrive; past it, 408 and close.
    public var requestTimeout: Duration = .seconds(10)
    /// Most client connections open at once; at the cap the longest-idle one is closed.
    public var maxConnections = ServiceConfiguration.defaultMaxConnections
    /// After the drain, how long in-flight requests may still take before the process exits anyway.
    public var shutdownGrace: Duration = .seconds(5)
    /// The largest batch accepted by `/api/american/batch`.
    public var maxBatchSize = 1000
    /// A candidate model scored beside the served one on a sample of requests (its answers are never returned).
    public var shadowModel: ModelSource?
    /// The share of requests the shadow model scores (0 < r ≤ 1).
    public var shadowSampleRate = 0.1
    /// The sliding window the drift score (`american_drift_psi`) is computed over.
    public var driftWindow: Duration = .seconds(600)
    /// The version reported by the API.
    public var version = ServiceVersion.fromEnvironment()

    /// The default configuration.
    public init() {}

    /// The largest batch body: a batch may carry up to 16 single bodies' worth of text.
    public var maxBatchBodyBytes: Int { maxBodyBytes * 16 }

    /// Half the process's file-descriptor limit (read at start), between 64 and 10,000:
    /// the rest stays free for model downloads, logs and the connections being evicted.
    public static let defaultMaxConnections: Int = {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 512 }
        return Int(min(10_000, max(64, limit.rlim_cur / 2)))
    }()
}
