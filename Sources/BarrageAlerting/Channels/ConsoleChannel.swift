import BarrageMetrics

/// Alerts printed by the run itself (on standard error in `barrage run`): always works, needs nothing.
public struct ConsoleChannel: AlertChannel {
    /// Where the lines go.
    public let write: @Sendable (String) -> Void
    /// When to print.
    public let settings: AlertDeliverySettings

    /// A console channel printing each alert as lines through `write`.
    public init(settings: AlertDeliverySettings = AlertDeliverySettings(), write: @escaping @Sendable (String) -> Void)
    {
        self.settings = settings
        self.write = write
    }

    /// `console`.
    public var name: String { "console" }

    /// Prints the headline and, at the end, every verdict.
    public func deliver(_ event: AlertEvent, timeout: UInt64) throws(AlertDeliveryError) {
        let lines = ["alert: " + event.headline] + (event.kind == .end ? event.bodyLines.map { "  " + $0 } : [])
        write(lines.joined(separator: "\n"))
    }
}
