/// What an endurance analysis found in a run: one trend per signal, a verdict per signal and for the whole run,
/// and the limits used (`RunResult.endurance`, present when the run asked for it).
public struct EnduranceResult: Codable, Sendable, Equatable {
    /// The worst signal's verdict (`leak` over `drift`); `inconclusive` when no signal could be judged.
    public var verdict: EnduranceVerdict
    /// Seconds since the run's start where the analysed window begins (after the warm-up).
    public var windowStartSeconds: Double
    /// Seconds since the run's start where it ends (the last complete second).
    public var windowEndSeconds: Double
    /// The limits the signals were judged against.
    public var limits: EnduranceLimits
    /// Every signal, in order: latency per step, error rate, generator memory, then monitor series.
    public var signals: [EnduranceSignal]
    /// Problems worth a line of their own, e.g. the generator's memory growing (its own numbers are suspect).
    public var warnings: [String]

    /// Makes a result.
    public init(
        verdict: EnduranceVerdict,
        windowStartSeconds: Double,
        windowEndSeconds: Double,
        limits: EnduranceLimits,
        signals: [EnduranceSignal],
        warnings: [String]
    ) {
        self.verdict = verdict
        self.windowStartSeconds = windowStartSeconds
        self.windowEndSeconds = windowEndSeconds
        self.limits = limits
        self.signals = signals
        self.warnings = warnings
    }

    /// Whether the whole second starting `secondsSinceStart` into the run lies in the analysed window.
    public func windowContains(secondsSinceStart x: Double) -> Bool {
        Self.window(from: windowStartSeconds, to: windowEndSeconds, contains: x)
    }

    /// Whether the second starting at `x` lies within `start`…`end` (seconds since the run's start).
    static func window(from start: Double, to end: Double, contains x: Double) -> Bool {
        x >= start - 1e-9 && x + 1 <= end + 1e-9
    }

    /// The scope of a step's latency signal.
    public static func stepScope(scenario: String, step: String) -> String { "\(scenario) / \(step)" }
}
