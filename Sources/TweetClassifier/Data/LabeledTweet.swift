/// One tweet with its label.
public struct LabeledTweet: Sendable, Equatable {
    public let text: String
    public let label: Label

    /// Creates an example.
    public init(text: String, label: Label) {
        self.text = text
        self.label = label
    }
}
