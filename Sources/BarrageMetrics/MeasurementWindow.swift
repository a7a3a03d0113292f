/// What was measured over a span of whole seconds of a run: a test type's step, its spike, one second of its
/// recovery. Made by `Collector.takeWindow(_:)` from the same interval snapshots as the per-second series, so a
/// window's percentiles are exact (histograms merged, not averaged).
public struct MeasurementWindow: Sendable {
    /// The first interval in the window (interval k covers seconds [k-1, k) of the run); 0 when empty.
    public var firstInterval: Int
    /// The last interval in the window; 0 when empty.
    public var lastInterval: Int
    /// Per step slot, as in `Collector.stepTotals`.
    public var steps: [StepMeasurements]
    /// Per scenario.
    public var scenarios: [ScenarioCounters]

    /// An empty window for `layout`.
    public init(layout: MetricsLayout) {
        firstInterval = 0
        lastInterval = 0
        steps = layout.allSteps.map { StepMeasurements(phaseCount: $0.phaseNames.count) }
        scenarios = Array(repeating: ScenarioCounters(), count: layout.scenarios.count)
    }

    /// Whole seconds covered.
    public var seconds: Int { firstInterval == 0 ? 0 : lastInterval - firstInterval + 1 }

    /// Adds a later window of the same run (the span then covers both).
    public mutating func merge(_ other: MeasurementWindow) {
        guard other.seconds > 0 else { return }
        if firstInterval == 0 { firstInterval = other.firstInterval }
        lastInterval = max(lastInterval, other.lastInterval)
        for slot in other.steps.indices where slot < steps.count { steps[slot].merge(other.steps[slot]) }
        for slot in other.scenarios.indices where slot < scenarios.count {
            scenarios[slot].merge(other.scenarios[slot])
        }
    }

    /// Adds one interval.
    mutating func add(_ snapshot: IntervalSnapshot) {
        if firstInterval == 0 { firstInterval = snapshot.index }
        lastInterval = snapshot.index
        for slot in snapshot.steps.indices where slot < steps.count { steps[slot].merge(snapshot.steps[slot]) }
        for slot in snapshot.scenarios.indices where slot < scenarios.count {
            scenarios[slot].merge(snapshot.scenarios[slot])
        }
    }
}

/// Names an open measurement window of a `Collector`.
public struct MeasurementWindowID: Sendable, Hashable {
    let value: Int
}
