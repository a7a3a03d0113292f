/// The thresholds of a run and how each ended: what `barrage run` and `barrage merge --check` decide the exit
/// status from, and what every report shows.
public struct ThresholdsResult: Codable, Sendable, Equatable {
    /// Every threshold's verdict, in the order the scenario file declares them.
    public var verdicts: [ThresholdVerdict]
    /// The threshold (its expression) whose `abort_on_fail` stopped the run, if one did.
    public var abortedBy: String?
    /// The run id of the result the `baseline` limits were read from, when one was given.
    public var baselineRunID: String?
    /// Alert deliveries that failed (channel and reason, secrets redacted); they never change a verdict.
    public var alertErrors: [String]

    /// Makes the thresholds block.
    public init(
        verdicts: [ThresholdVerdict],
        abortedBy: String? = nil,
        baselineRunID: String? = nil,
        alertErrors: [String] = []
    ) {
        self.verdicts = verdicts
        self.abortedBy = abortedBy
        self.baselineRunID = baselineRunID
        self.alertErrors = alertErrors
    }

    /// Whether every threshold held.
    public var passed: Bool { verdicts.allSatisfy { $0.status == .passed } }
    /// The thresholds that did not hold.
    public var failed: [ThresholdVerdict] { verdicts.filter { $0.status != .passed } }
}

/// How one threshold ended.
public struct ThresholdVerdict: Codable, Sendable, Equatable {
    /// The condition as written, e.g. `p95 < 500ms`.
    public var threshold: String
    /// What it was measured on, e.g. `scenario=checkout step=login`; `all` for the whole run.
    public var scope: String
    /// passed, failed, or no_data (nothing it measures was recorded: it cannot vouch for the run).
    public var status: ThresholdStatus
    /// The value observed, in `unit`; nil when there was no data.
    public var observed: Double?
    /// The limit it was compared with, in `unit` (a `baseline` limit resolved to a number).
    public var limit: Double?
    /// The unit of `observed` and `limit`: `ms`, `ratio` (0–1), `per_second` or `count`.
    public var unit: String
    /// The observed value as people read it, e.g. `612.4ms`, `1.25%`, `140.2/s`.
    public var observedText: String
    /// Whether failing it stops the run.
    public var abortOnFail: Bool
    /// Seconds into the run when it first failed during the run (nil if it never failed live).
    public var firstFailedAtSecond: Int?

    /// Makes a verdict.
    public init(
        threshold: String,
        scope: String,
        status: ThresholdStatus,
        observed: Double?,
        limit: Double?,
        unit: String,
        observedText: String,
        abortOnFail: Bool = false,
        firstFailedAtSecond: Int? = nil
    ) {
        self.threshold = threshold
        self.scope = scope
        self.status = status
        self.observed = observed
        self.limit = limit
        self.unit = unit
        self.observedText = observedText
        self.abortOnFail = abortOnFail
        self.firstFailedAtSecond = firstFailedAtSecond
    }
}

/// The outcome of one threshold.
public enum ThresholdStatus: String, Codable, Sendable {
    /// The condition held.
    case passed
    /// The condition did not hold.
    case failed
    /// Nothing the threshold measures was recorded; counts as not passed.
    case noData = "no_data"
}
