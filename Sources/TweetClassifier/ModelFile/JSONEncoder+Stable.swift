#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension JSONEncoder {
    /// The one encoder setup of the project: keys sorted and slashes left as they
    /// are, so that equal values always give the same bytes (model files, API
    /// answers and reports diff and hash reproducibly).
    public static var stable: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
