/// The trend of one measure over an endurance run's analysed window, and its verdict: a step's p95, the error
/// rate, the generator's memory, or one line of a monitor series.
///
/// Slopes are per hour, in the signal's unit; levels are the fitted line's values at the window's ends.
public struct EnduranceSignal: Codable, Sendable, Equatable {
    /// What is measured, e.g. `p95`, `error_rate`, `generator_rss`, `memory.rss`.
    public var name: String
    /// Whose measure it is, e.g. `checkout / login`, `all steps`, `process 1234 (postgres)`.
    public var scope: String
    /// The kind, which chose the limit.
    public var kind: EnduranceSignalKind
    /// The unit of levels and slopes, e.g. `ms`, `ratio`, `bytes`, `MiB`.
    public var unit: String
    /// Points in the analysed window.
    public var points: Int
    /// The fitted level at the start of the window; nil when too few points to fit.
    public var startLevel: Double?
    /// The fitted level at the end of the window.
    public var endLevel: Double?
    /// The fitted slope, unit per hour.
    public var slopePerHour: Double?
    /// The lower end of the slope's 95% confidence interval, unit per hour.
    public var slopeLowPerHour: Double?
    /// The upper end of the slope's 95% confidence interval, unit per hour.
    public var slopeHighPerHour: Double?
    /// The slope as a percentage of the starting level per hour; nil when that level is not above zero.
    public var changePercentPerHour: Double?
    /// The limit it was judged against, in the unit per hour (a relative limit resolved against the start level).
    public var limitPerHour: Double
    /// The limit as configured, e.g. `10%/h`, `50 ms/h`.
    public var limitText: String
    /// The verdict.
    public var verdict: EnduranceVerdict
    /// Why, in one line, e.g. `rises 412 ms/h (95% CI 380…444), above 10%/h`.
    public var reason: String

    /// Makes a signal.
    public init(
        name: String,
        scope: String,
        kind: EnduranceSignalKind,
        unit: String,
        points: Int,
        startLevel: Double? = nil,
        endLevel: Double? = nil,
        slopePerHour: Double? = nil,
        slopeLowPerHour: Double? = nil,
        slopeHighPerHour: Double? = nil,
        changePercentPerHour: Double? = nil,
        limitPerHour: Double,
        limitText: String,
        verdict: EnduranceVerdict,
        reason: String
    ) {
        self.name = name
        self.scope = scope
        self.kind = kind
        self.unit = unit
        self.points = points
        self.startLevel = startLevel
        self.endLevel = endLevel
        self.slopePerHour = slopePerHour
        self.slopeLowPerHour = slopeLowPerHour
        self.slopeHighPerHour = slopeHighPerHour
        self.changePercentPerHour = changePercentPerHour
        self.limitPerHour = limitPerHour
        self.limitText = limitText
        self.verdict = verdict
        self.reason = reason
    }
}

extension EnduranceSignal {
    /// `value` in the signal's unit, `—` when absent: the start and end levels and slopes as the reports show them.
    public func amountText(_ value: Double?) -> String {
        value.map { TrendText.amount($0, unit: unit) } ?? "—"
    }

    /// The 95% confidence interval of the slope per hour, `low … high`, or `—`.
    public var intervalText: String {
        guard let low = slopeLowPerHour, let high = slopeHighPerHour else { return "—" }
        return "\(amountText(low)) … \(amountText(high))"
    }

    /// The change per hour relative to the start level, `+12.5%`, or `—`.
    public var changeText: String { changePercentPerHour.map { TrendText.change(percent: $0) } ?? "—" }
}
