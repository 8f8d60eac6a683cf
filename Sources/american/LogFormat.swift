/// The two log formats: text for people, JSON lines for log collectors.
enum LogFormat: String, CaseIterable, Sendable {
    case text, json
}
