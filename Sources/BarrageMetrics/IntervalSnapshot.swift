/// What one worker measured during one interval (normally one second); the unit the collector merges.
public struct IntervalSnapshot: Sendable {
    /// The interval's number: interval k covers seconds [k-1, k) after the run's start.
    public var index: Int
    /// Per step slot.
    public var steps: [StepMeasurements]
    /// Per scenario.
    public var scenarios: [ScenarioCounters]
    /// How late the worker's loop ran its timers and arrivals (scheduling lag).
    public var schedulingLag: LatencyHistogram

    /// Makes a snapshot.
    public init(index: Int, steps: [StepMeasurements], scenarios: [ScenarioCounters], schedulingLag: LatencyHistogram) {
        self.index = index
        self.steps = steps
        self.scenarios = scenarios
        self.schedulingLag = schedulingLag
    }

    /// Adds another worker's snapshot of the same interval.
    public mutating func merge(_ other: IntervalSnapshot) {
        for slot in other.steps.indices where slot < steps.count { steps[slot].merge(other.steps[slot]) }
        for slot in other.scenarios.indices where slot < scenarios.count {
            scenarios[slot].merge(other.scenarios[slot])
        }
        schedulingLag.merge(other.schedulingLag)
    }
}
