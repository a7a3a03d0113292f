/// One second of one step: counts and latency percentiles, for charts and live output.
///
/// Fixed size, so a run's series grows by a few dozen bytes per step per second and no more.
public struct SeriesPoint: Codable, Sendable, Equatable {
    /// Start of the second, Unix time in milliseconds.
    public var t: Int64
    /// Samples completed in the second.
    public var count: UInt64
    /// Samples that failed in the second.
    public var failures: UInt64
    /// Payload bytes sent in the second.
    public var bytesSent: UInt64
    /// Payload bytes received in the second.
    public var bytesReceived: UInt64
    /// Median latency, ms.
    public var p50: Double
    /// 90th percentile latency, ms.
    public var p90: Double
    /// 95th percentile latency, ms.
    public var p95: Double
    /// 99th percentile latency, ms.
    public var p99: Double
    /// Largest latency, ms.
    public var max: Double
    /// Mean latency, ms.
    public var mean: Double

    /// Makes the point for second `t` from what was measured in it.
    public init(t: Int64, measurements: StepMeasurements) {
        let summary = LatencySummary(measurements.latency)
        self.t = t
        count = measurements.count
        failures = measurements.failures
        bytesSent = measurements.bytesSent
        bytesReceived = measurements.bytesReceived
        p50 = summary.p50
        p90 = summary.p90
        p95 = summary.p95
        p99 = summary.p99
        max = summary.max
        mean = summary.mean
    }

    /// Adds a point of the same second from another part of a distributed run.
    ///
    /// Counts add exactly; percentiles are count-weighted (exact percentiles are in the step's histogram).
    public mutating func merge(_ other: SeriesPoint) {
        let total = Double(count + other.count)
        func weighted(_ a: Double, _ b: Double) -> Double {
            total == 0 ? 0 : (a * Double(count) + b * Double(other.count)) / total
        }
        p50 = weighted(p50, other.p50)
        p90 = weighted(p90, other.p90)
        p95 = weighted(p95, other.p95)
        p99 = weighted(p99, other.p99)
        mean = weighted(mean, other.mean)
        max = Swift.max(max, other.max)
        count += other.count
        failures += other.failures
        bytesSent += other.bytesSent
        bytesReceived += other.bytesReceived
    }
}

/// One second of one scenario: virtual users and iterations.
public struct ScenarioSeriesPoint: Codable, Sendable, Equatable {
    /// Start of the second, Unix time in milliseconds.
    public var t: Int64
    /// The most VUs running at once during the second (for open models: iterations in flight).
    public var activeVUs: Int
    /// Iterations completed in the second.
    public var iterations: UInt64
    /// Iterations that failed in the second.
    public var failedIterations: UInt64
    /// Open-model arrivals dropped in the second.
    public var droppedIterations: UInt64

    /// Makes the point for second `t`.
    public init(t: Int64, counters: ScenarioCounters) {
        self.t = t
        activeVUs = counters.peakActiveVUs
        iterations = counters.iterations.count
        failedIterations = counters.iterations.failures
        droppedIterations = counters.droppedIterations
    }

    /// Adds a point of the same second from another part of a distributed run.
    public mutating func merge(_ other: ScenarioSeriesPoint) {
        activeVUs += other.activeVUs
        iterations += other.iterations
        failedIterations += other.failedIterations
        droppedIterations += other.droppedIterations
    }
}

/// One second of the generator's own health.
public struct GeneratorSeriesPoint: Codable, Sendable, Equatable {
    /// Start of the second, Unix time in milliseconds.
    public var t: Int64
    /// Generator CPU use in the second, percent of one core (200 = two cores busy).
    public var cpuPercent: Double
    /// Resident memory at the end of the second, bytes.
    public var rssBytes: UInt64
    /// The 99th percentile of scheduling lag in the second, ms.
    public var schedulingLagP99: Double

    /// Makes a point.
    public init(t: Int64, cpuPercent: Double, rssBytes: UInt64, schedulingLagP99: Double) {
        self.t = t
        self.cpuPercent = cpuPercent
        self.rssBytes = rssBytes
        self.schedulingLagP99 = schedulingLagP99
    }
}
