/// The terms a model knows, each with its column index.
///
/// Built once at training time (or when a model file is loaded) so that
/// turning a tweet into features is one hash look-up per term.
public struct Vocabulary: Sendable {
    /// Terms in column order.
    public let terms: [String]
    private let columns: [String: Int32]

    /// Creates a vocabulary from terms in column order (they must be distinct).
    public init(terms: [String]) {
        self.terms = terms
        var columns: [String: Int32] = [:]
        columns.reserveCapacity(terms.count)
        for (index, term) in terms.enumerated() {
            columns[term] = Int32(index)
        }
        self.columns = columns
    }

    /// The number of columns.
    public var count: Int { terms.count }

    /// The column of `term`, if the vocabulary has it.
    @inline(__always)
    public func column(of term: String) -> Int32? {
        columns[term]
    }

    /// Whether some term appears twice (a corrupt model file would).
    public var hasDuplicates: Bool { columns.count != terms.count }
}
