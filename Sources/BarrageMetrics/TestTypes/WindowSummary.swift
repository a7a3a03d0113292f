/// A span of a run in a few figures: throughput, latency percentiles and errors over every step (group rows
/// left out, their steps count already). What stress steps and spike phases report.
public struct WindowSummary: Codable, Sendable, Equatable {
    /// Start of the span, seconds after the run's start.
    public var startSecond: Int
    /// Whole seconds covered.
    public var seconds: Int
    /// Iterations completed per second.
    public var iterationsPerSecond: Double
    /// Samples (requests, messages, queries) per second.
    public var samplesPerSecond: Double
    /// Latency percentiles and maximum over every sample, ms.
    public var p50Ms: Double
    /// 95th percentile, ms.
    public var p95Ms: Double
    /// 99th percentile, ms.
    public var p99Ms: Double
    /// Largest latency, ms.
    public var maxMs: Double
    /// Failed samples over all samples (0 when none).
    public var errorRate: Double
    /// Failures by error kind.
    public var errors: [String: UInt64]
    /// Open-model arrivals dropped (no free VU under `max_in_flight`).
    public var droppedIterations: UInt64

    /// Summarises `window`, measured for `layout`.
    public init(_ window: MeasurementWindow, layout: MetricsLayout) {
        var latency = LatencyHistogram()
        var samples: UInt64 = 0
        var failures: UInt64 = 0
        var errors: [String: UInt64] = [:]
        for (slot, step) in layout.allSteps.enumerated()
        where slot < window.steps.count && step.protocolName != MetricsLayout.groupProtocolName {
            let measured = window.steps[slot]
            latency.merge(measured.latency)
            samples += measured.count
            failures += measured.failures
            for (kind, count) in measured.errors { errors[kind.name, default: 0] += count }
        }
        let seconds = max(1, window.seconds)
        let summary = LatencySummary(latency)
        startSecond = max(0, window.firstInterval - 1)
        self.seconds = window.seconds
        iterationsPerSecond = Double(window.scenarios.reduce(0) { $0 + $1.iterations.count }) / Double(seconds)
        samplesPerSecond = Double(samples) / Double(seconds)
        p50Ms = summary.p50
        p95Ms = summary.p95
        p99Ms = summary.p99
        maxMs = summary.max
        errorRate = samples == 0 ? 0 : Double(failures) / Double(samples)
        self.errors = errors
        droppedIterations = window.scenarios.reduce(0) { $0 + $1.droppedIterations }
    }

    /// The most frequent error kind, if any sample failed.
    public var dominantErrorKind: String? {
        errors.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }
}
