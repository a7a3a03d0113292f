/// The limits an endurance analysis judges trends against: the scenario file's `endurance:` section (every key
/// optional), stored in the result so that `barrage report` and `merge` judge the same way later.
///
/// Every limit is per hour of the fitted slope. A signal counts as drift (or a leak) when its slope exceeds the
/// limit and its 95% confidence interval excludes zero.
public struct EnduranceLimits: Codable, Sendable, Equatable {
    /// Seconds at the start that are not analysed (connections opening, caches warming); nil: 10% of the run, at
    /// most 5 minutes.
    public var warmupSeconds: Double?
    /// The analysed window (after the warm-up) must last this long, seconds, or every verdict is `inconclusive`.
    public var minDurationSeconds: Double
    /// A signal needs this many points in the window, or its verdict is `inconclusive`.
    public var minPoints: Int
    /// How fast a step's p95 may rise: `10%` of its starting level per hour by default, or ms per hour.
    public var maxLatencyDrift: TrendLimit
    /// How fast the error rate (0–1) may rise: 0.01 (one percentage point) per hour by default.
    public var maxErrorRateDrift: TrendLimit
    /// How fast memory (the generator's, a monitored target's) may grow: `10%` per hour by default, or bytes per
    /// hour.
    public var maxMemoryGrowth: TrendLimit
    /// How fast a monitored target's CPU may rise: `10%` per hour by default, or percent of one core per hour.
    public var maxCPUDrift: TrendLimit
    /// How fast a database's connections may grow: `10%` per hour by default, or connections per hour.
    public var maxConnectionGrowth: TrendLimit
    /// How fast any other monitor series may change, either way: `25%` per hour by default.
    public var maxMonitorDrift: TrendLimit

    /// The defaults, each overridable.
    public init(
        warmupSeconds: Double? = nil,
        minDurationSeconds: Double = 300,
        minPoints: Int = 30,
        maxLatencyDrift: TrendLimit = .percent(10),
        maxErrorRateDrift: TrendLimit = TrendLimit(perHour: 0.01, relative: false),
        maxMemoryGrowth: TrendLimit = .percent(10),
        maxCPUDrift: TrendLimit = .percent(10),
        maxConnectionGrowth: TrendLimit = .percent(10),
        maxMonitorDrift: TrendLimit = .percent(25)
    ) {
        self.warmupSeconds = warmupSeconds
        self.minDurationSeconds = minDurationSeconds
        self.minPoints = minPoints
        self.maxLatencyDrift = maxLatencyDrift
        self.maxErrorRateDrift = maxErrorRateDrift
        self.maxMemoryGrowth = maxMemoryGrowth
        self.maxCPUDrift = maxCPUDrift
        self.maxConnectionGrowth = maxConnectionGrowth
        self.maxMonitorDrift = maxMonitorDrift
    }

    /// The warm-up for a run of `durationSeconds`: the one given, or 10% of the run capped at 5 minutes.
    public func warmup(forDuration durationSeconds: Double) -> Double {
        warmupSeconds ?? min(300, max(0, durationSeconds) * 0.1)
    }

    /// The limit that judges signals of `kind` measured in `unit`: an absolute memory limit (kept in bytes) is
    /// converted for series in MiB.
    public func limit(for kind: EnduranceSignalKind, unit: String) -> TrendLimit {
        var limit = limit(for: kind)
        if !limit.relative, kind == .memory || kind == .generatorMemory, unit == "MiB" { limit.perHour /= 1_048_576 }
        return limit
    }

    /// The limit that judges signals of `kind`, as configured (absolute memory limits in bytes).
    public func limit(for kind: EnduranceSignalKind) -> TrendLimit {
        switch kind {
        case .latency: maxLatencyDrift
        case .errorRate: maxErrorRateDrift
        case .generatorMemory, .memory: maxMemoryGrowth
        case .cpu: maxCPUDrift
        case .connections: maxConnectionGrowth
        case .monitor: maxMonitorDrift
        }
    }
}
