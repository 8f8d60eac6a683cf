extension Duration {
    /// The duration in seconds, for printing and for charts (never for arithmetic on time).
    public var seconds: Double { self / .seconds(1) }

    /// The duration in milliseconds, for latency figures.
    public var milliseconds: Double { self / .milliseconds(1) }
}
