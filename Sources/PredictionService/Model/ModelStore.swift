import Atomics

/// The model being served and whether the server is draining.
///
/// Reads are lock-free atomic loads, so the request path never waits for a
/// reload: a reload builds a new `LoadedModel` aside and swaps one reference.
public final class ModelStore: Sendable {
    private let current = ManagedAtomic<LoadedModel?>(nil)
    private let draining = ManagedAtomic<Bool>(false)

    /// Creates an empty store (not ready until a model is stored).
    public init() {}

    /// The model serving requests, if one is loaded.
    @inline(__always)
    public var model: LoadedModel? {
        current.load(ordering: .acquiring)
    }

    /// Swaps in a new model atomically.
    public func replace(with model: LoadedModel) {
        current.store(model, ordering: .releasing)
    }

    /// Marks the server as shutting down: `/readyz` answers 503 from now on.
    public func beginDraining() {
        draining.store(true, ordering: .relaxed)
    }

    /// Whether the server is shutting down.
    public var isDraining: Bool {
        draining.load(ordering: .relaxed)
    }

    /// Ready means: a model is loaded and the server is not draining.
    public var isReady: Bool {
        model != nil && !isDraining
    }
}
