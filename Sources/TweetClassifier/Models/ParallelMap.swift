import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Maps an array on every core, keeping the order.
///
/// Text analysis is the biggest part of training and each tweet is
/// independent, so it is split into one contiguous chunk per core; the result
/// is identical to a serial `map`, which keeps training deterministic.
enum ParallelMap {
    static func map<T: Sendable, U>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard items.count >= 2_000, cores > 1 else { return items.map(transform) }
        let chunk = (items.count + cores - 1) / cores
        return [U](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: cores) { part in
                let start = part * chunk
                let end = min(items.count, start + chunk)
                for index in start..<max(start, end) {
                    (output.baseAddress! + index).initialize(to: transform(items[index]))
                }
            }
            initialized = items.count
        }
    }

    /// Maps every item on its own task, as many at once as there are cores,
    /// keeping the order: for a few long jobs of uneven length (cross-validation
    /// fits), where one chunk per core would leave a core idle.
    static func mapEach<T: Sendable, U>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
        [U](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                (output.baseAddress! + index).initialize(to: transform(items[index]))
            }
            initialized = items.count
        }
    }
}
