import AmericanAPI

extension PredictionAnswer {
    /// What answered: the version and model date fields together.
    public var servedBy: ServedBy { ServedBy(version: version, modelDate: modelDate) }
}
