/// Why a serve setting's value is refused; `ServeSettings` names the flag
/// or variable it came from in the one-line message.
struct ServeSettingError: Error, Equatable {
    /// What is wrong with the value, e.g. "must be a whole number from 0 to 65535, not 'x'".
    let reason: String

    /// A refusal for `reason`.
    static func invalid(_ reason: String) -> ServeSettingError {
        ServeSettingError(reason: reason)
    }
}
