extension TokenText {
    /// `FeatureHash.hash(string)`, computed from ASCII bytes as they are
    /// lower-cased, with no string built (`HashingTests.tokenHashFromBytes`
    /// checks that the two agree).
    var featureHash: UInt64 {
        guard case let .bytes(bytes) = self, bytes.allSatisfy({ $0 < 0x80 }) else { return FeatureHash.hash(string) }
        return FeatureHash.hash(bytes: bytes.lazy.map(Self.lowercasedASCII))
    }
}
