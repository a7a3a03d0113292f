/// Per-scenario counts that are not per step: iterations, dropped arrivals, virtual users.
public struct ScenarioCounters: Sendable, Equatable {
    /// Iterations, their durations (from intended start in open models) and outcomes.
    public var iterations = StepMeasurements()
    /// Open-model arrivals that could not start on time (no free VU under `max_in_flight`).
    public var droppedIterations: UInt64 = 0
    /// VUs running at the moment the counters were read.
    public var activeVUs: Int = 0
    /// The most VUs running at once in the span.
    public var peakActiveVUs: Int = 0

    /// Empty counters.
    public init() {}

    /// Adds another worker's (or span's) counters; VU gauges add up across workers.
    public mutating func merge(_ other: ScenarioCounters) {
        iterations.merge(other.iterations)
        droppedIterations += other.droppedIterations
        activeVUs += other.activeVUs
        peakActiveVUs += other.peakActiveVUs
    }

    /// Starts a new span: counts reset, gauges keep the current value.
    public mutating func resetSpan() {
        iterations.reset()
        droppedIterations = 0
        peakActiveVUs = activeVUs
    }
}
