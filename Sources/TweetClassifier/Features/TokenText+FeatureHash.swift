extension TokenText {
    /// `FeatureHash.hash(string)`, computed from ASCII bytes as they are
    /// lower-cased, with no string built (`HashingTests.tokenHashFromBytes`
    /// checks that the two agree).
    var featureHash: UInt64 {
        guard case let .bytes(bytes) = self, bytes.allSatisfy({ $0 < 0x80 }) else { return FeatureHash.hash(string) }
        var h = FeatureHash.seed
        for byte in bytes {
            h = FeatureHash.combine(h, UInt32(Self.lowercasedASCII(byte)))
        }
        return FeatureHash.finish(h)
    }
}
