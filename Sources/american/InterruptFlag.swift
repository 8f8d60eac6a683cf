import Dispatch
import Synchronization

/// Set once by the SIGINT handler, read by the watch loop.
final class InterruptFlag: Sendable {
    private let state = Mutex<(set: Bool, source: (any DispatchSourceSignal)?)>((false, nil))

    func set() { state.withLock { $0.set = true } }
    func load() -> Bool { state.withLock { $0.set } }
    func keep(_ source: any DispatchSourceSignal) { state.withLock { $0.source = source } }
}
