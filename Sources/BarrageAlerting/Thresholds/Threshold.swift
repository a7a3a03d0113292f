import BarrageCore

/// One threshold: a condition on a statistic of some rows, checked every second and at the end of a run.
public struct Threshold: Sendable, Equatable {
    /// The condition as written, e.g. `p95 < 500ms`; it names the threshold in verdicts and alerts.
    public var expression: String
    /// What is measured.
    public var statistic: ThresholdStatistic
    /// How it is compared.
    public var comparison: ThresholdComparison
    /// What it is compared with.
    public var limit: ThresholdLimit
    /// Which rows it measures.
    public var scope: ThresholdScope
    /// Whether failing it during the run stops the run (exit status 3).
    public var abortOnFail: Bool
    /// No verdict during the first `delay` nanoseconds of the run (warm-up); the final verdict is always given.
    public var delay: UInt64
    /// Where it was written, for messages about it.
    public var location: SourceLocation
    /// Its field path, e.g. `thresholds[2]`.
    public var path: String

    /// Makes a threshold.
    public init(
        expression: String,
        statistic: ThresholdStatistic,
        comparison: ThresholdComparison,
        limit: ThresholdLimit,
        scope: ThresholdScope = ThresholdScope(),
        abortOnFail: Bool = false,
        delay: UInt64 = 0,
        location: SourceLocation = .commandLine,
        path: String = ""
    ) {
        self.expression = expression
        self.statistic = statistic
        self.comparison = comparison
        self.limit = limit
        self.scope = scope
        self.abortOnFail = abortOnFail
        self.delay = delay
        self.location = location
        self.path = path
    }

    /// Whether its limit needs a baseline result.
    public var needsBaseline: Bool {
        if case .baseline = limit { return true }
        return false
    }
}
