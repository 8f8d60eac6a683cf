/// One occurrence of an n-gram in a tweet, hashed: its column, its sign, and
/// the words it came from (so an explanation can give its share back to them).
public struct HashedTerm: Sendable, Equatable {
    /// The column in the whole feature space (block offset plus bucket).
    public var column: UInt32
    /// +1 or -1, from the hash.
    public var sign: Int32
    /// The first and last white-space word the n-gram covers (equal for a
    /// character n-gram or a single word).
    public var firstWord: Int32
    public var lastWord: Int32
}
