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
        guard items.count >= 2_000, cores > 1 else { return items.map(transform) }
        let parts = chunks(items.count)
        return [U](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: parts.count) { part in
                for index in parts[part] {
                    (output.baseAddress! + index).initialize(to: transform(items[index]))
                }
            }
            initialized = items.count
        }
    }

    /// `0..<count` cut into one contiguous range per core (some empty when
    /// `count` is small): the parts of a job whose per-core results are then
    /// combined, such as document frequencies.
    static func chunks(_ count: Int) -> [Range<Int>] {
        let chunk = (count + cores - 1) / cores
        return (0..<cores).map { min(count, $0 * chunk)..<min(count, ($0 + 1) * chunk) }
    }

    /// Read once: every chunking of one run must cover its range with the same number of parts.
    private static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

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
