extension StringProtocol {
    /// The text without the leading and trailing characters for which `isEdge` holds,
    /// e.g. `trimming(while: \.isWhitespace)`: FoundationEssentials has no
    /// `trimmingCharacters(in:)`, and the server links no more than Essentials.
    public func trimming(while isEdge: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isEdge($0) }), let last = lastIndex(where: { !isEdge($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
