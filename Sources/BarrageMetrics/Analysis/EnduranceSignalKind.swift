/// What an endurance signal measures, which decides its limit and whether growth is a drift or a leak.
public enum EnduranceSignalKind: String, Codable, Sendable {
    /// A step's p95 latency per second (ms); judged by `maxLatencyDrift`.
    case latency
    /// The share of samples that failed per second (0–1); judged by `maxErrorRateDrift`.
    case errorRate = "error_rate"
    /// The generator's resident memory (bytes); judged by `maxMemoryGrowth`, growth is a leak.
    case generatorMemory = "generator_memory"
    /// A monitored process's or cgroup's memory; judged by `maxMemoryGrowth`, growth is a leak.
    case memory
    /// A monitored process's or cgroup's CPU; judged by `maxCPUDrift`.
    case cpu
    /// A database's connections; judged by `maxConnectionGrowth`, growth is a leak.
    case connections
    /// Any other monitor series (rates such as transactions per second); judged by `maxMonitorDrift`, either way.
    case monitor

    /// Whether growth beyond the limit is called a leak rather than a drift.
    public var growthIsLeak: Bool { self == .generatorMemory || self == .memory || self == .connections }

    /// Whether a fall beyond the limit also counts (for measures where either direction is a change of behaviour).
    public var judgesBothDirections: Bool { self == .monitor }
}
