/// One term's share of a verdict: positive pushes toward "American".
public struct TermContribution: Sendable, Equatable {
    public let term: String
    public let contribution: Double
}
