/// When a channel is told: a threshold starts failing, holds again, or the run ends.
public enum AlertEventKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// A threshold started failing during the run.
    case fail
    /// A failing threshold holds again.
    case recover
    /// The run ended: every verdict, once.
    case end
}
