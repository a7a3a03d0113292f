/// What a stress search found: the highest arrival rate the target sustained within the SLO, the rate at which
/// it broke and how, and how long it took to recover once the load dropped. `RunResult.stress`.
public struct StressOutcome: Codable, Sendable, Equatable {
    /// The SLO every step was judged by, as written (e.g. `p95 < 200ms`).
    public var slo: [String]
    /// Every step, in the order run.
    public var steps: [StressStep]
    /// The highest offered rate (arrivals per second) at which the SLO held; nil when it never held.
    public var maxSustainableRate: Double?
    /// Iterations per second completed at that rate: the maximum sustainable throughput.
    public var maxSustainableThroughput: Double?
    /// The lowest offered rate at which the SLO broke; nil when it held up to the search's limit.
    public var breakingPointRate: Double?
    /// How the first broken step failed: its most frequent error kind, or `latency` when only latency broke
    /// the SLO, or `saturation` when fewer than 95% of the step's arrivals completed.
    public var firstFailureKind: String?
    /// The conditions the first broken step failed, with what was observed.
    public var firstFailureConditions: [String]
    /// Each drop of load after a broken step, and how long the SLO took to hold again.
    public var recoveries: [StressRecovery]
    /// Why the search ended: `converged`, `max_rate`, `min_rate`, `max_steps`, `max_duration`, `no_recovery` or
    /// `stopped`.
    public var ended: String

    /// The outcome of `steps`: the breaking point is the lowest offered rate that broke the objective, the
    /// maximum sustainable rate the highest below it that held.
    public init(slo: [String], steps: [StressStep], recoveries: [StressRecovery], ended: String) {
        self.slo = slo
        self.steps = steps
        self.recoveries = recoveries
        self.ended = ended
        let broken = steps.filter { !$0.held }.min { $0.offeredRate < $1.offeredRate }
        let limit = broken?.offeredRate ?? .infinity
        let held = steps.filter { $0.held && $0.offeredRate < limit }.max { $0.offeredRate < $1.offeredRate }
        maxSustainableRate = held?.offeredRate
        maxSustainableThroughput = held?.measured.iterationsPerSecond
        breakingPointRate = broken?.offeredRate
        firstFailureKind = broken?.failureKind
        firstFailureConditions = broken?.failedConditions ?? []
    }

    /// Seconds the first recovery took; nil when there was none or it did not recover in time.
    public var recoverySeconds: Double? { recoveries.first?.recoverySeconds }
}

/// One step of a stress search: an offered rate held for a while, and whether the SLO held.
public struct StressStep: Codable, Sendable, Equatable {
    /// Arrivals per second offered.
    public var offeredRate: Double
    /// What was measured in the judged part of the step (after its settling time).
    public var measured: WindowSummary
    /// Whether every SLO condition held.
    public var held: Bool
    /// The conditions that failed, with what was observed (e.g. `p95 < 200ms: 431.2ms`).
    public var failedConditions: [String]
    /// How it failed: the most frequent error kind, `latency`, `no_samples`, or a statistic's name.
    public var failureKind: String?

    /// Makes a step.
    public init(
        offeredRate: Double,
        measured: WindowSummary,
        held: Bool,
        failedConditions: [String],
        failureKind: String?
    ) {
        self.offeredRate = offeredRate
        self.measured = measured
        self.held = held
        self.failedConditions = failedConditions
        self.failureKind = failureKind
    }
}

/// A drop of load after a broken step, and the time until the SLO held again.
public struct StressRecovery: Codable, Sendable, Equatable {
    /// The offered rate that broke the SLO.
    public var brokenRate: Double
    /// The rate the load dropped to.
    public var recoveryRate: Double
    /// When the load dropped, seconds after the run's start.
    public var droppedAtSecond: Double
    /// Seconds from the drop until the first of the seconds in which the SLO held again (for `hold` seconds
    /// in a row); nil when it did not within `timeoutSeconds`.
    public var recoverySeconds: Double?
    /// How long the search waited for it.
    public var timeoutSeconds: Double

    /// Makes a recovery.
    public init(
        brokenRate: Double,
        recoveryRate: Double,
        droppedAtSecond: Double,
        recoverySeconds: Double?,
        timeoutSeconds: Double
    ) {
        self.brokenRate = brokenRate
        self.recoveryRate = recoveryRate
        self.droppedAtSecond = droppedAtSecond
        self.recoverySeconds = recoverySeconds
        self.timeoutSeconds = timeoutSeconds
    }
}
