/// What a spike test measured: the load before the spike, during it, and how long after it the latency and
/// errors came back to their level before. `RunResult.spike`.
public struct SpikeOutcome: Codable, Sendable, Equatable {
    /// How many times the base load the spike was.
    public var multiplier: Double
    /// The steady load before the spike (after its warm-up).
    public var before: WindowSummary
    /// The spike at its full height.
    public var during: WindowSummary
    /// The load after the spike, from its end to the end of the test.
    public var after: WindowSummary?
    /// What "recovered" means, e.g. `p95 ≤ 12.5ms (1.5 × before, at least before + 5ms) and error rate ≤ 1.2%`.
    public var recoveryCriterion: String
    /// Seconds from the end of the spike until the first of the seconds in which the criterion held again (for
    /// `hold` seconds in a row); nil when it did not before the test ended.
    public var recoverySeconds: Double?

    /// Makes an outcome.
    public init(
        multiplier: Double,
        before: WindowSummary,
        during: WindowSummary,
        after: WindowSummary?,
        recoveryCriterion: String,
        recoverySeconds: Double?
    ) {
        self.multiplier = multiplier
        self.before = before
        self.during = during
        self.after = after
        self.recoveryCriterion = recoveryCriterion
        self.recoverySeconds = recoverySeconds
    }
}
