/// A worker's measurements: one per worker, touched only on that worker's thread, so it needs no lock.
///
/// Recording adds to preallocated histograms and counters. Once per interval the worker hands its
/// measurements to the collector (`takeInterval`) and starts afresh.
///
/// `@unchecked Sendable`: it is shared by the tasks of one worker, which all run on that worker's thread.
public final class Recorder: @unchecked Sendable {
    /// Per step slot, in the layout's order.
    ///
    /// `@exclusivity(unchecked)`: the recorder is confined to one thread and no access to it overlaps, so the
    /// runtime's dynamic exclusivity check (a `swift_beginAccess`/`swift_endAccess` pair per sample) proves nothing.
    @exclusivity(unchecked) public private(set) var steps: [StepMeasurements]
    /// Per scenario, in the layout's order (unchecked like `steps`).
    @exclusivity(unchecked) public private(set) var scenarios: [ScenarioCounters]
    /// How late this worker started arrivals and fired timers.
    public private(set) var schedulingLag = LatencyHistogram()

    /// A recorder with storage for every step and scenario of `layout`.
    public init(layout: MetricsLayout) {
        steps = layout.allSteps.map { StepMeasurements(phaseCount: $0.phaseNames.count) }
        scenarios = Array(repeating: ScenarioCounters(), count: layout.scenarios.count)
    }

    /// Records one step's sample into slot `stepSlot`.
    public func record(_ sample: Sample, stepSlot: Int) {
        steps[stepSlot].record(sample)
    }

    /// Records one finished iteration of `scenario`: its span and whether every step succeeded.
    public func recordIteration(_ sample: Sample, scenario: Int) {
        scenarios[scenario].iterations.record(sample)
    }

    /// Counts an open-model arrival that could not start on time.
    public func recordDroppedIteration(scenario: Int) {
        scenarios[scenario].droppedIterations &+= 1
    }

    /// Records how late something started relative to when it was meant to, in nanoseconds.
    public func recordSchedulingLag(nanoseconds: UInt64) {
        schedulingLag.record(nanoseconds: nanoseconds)
    }

    /// Changes the running-VU gauge of `scenario` by `delta`.
    public func changeActiveVUs(scenario: Int, by delta: Int) {
        scenarios[scenario].activeVUs += delta
        if scenarios[scenario].activeVUs > scenarios[scenario].peakActiveVUs {
            scenarios[scenario].peakActiveVUs = scenarios[scenario].activeVUs
        }
    }

    /// Copies out what was measured since the last call as interval `index`, and starts a new interval.
    ///
    /// The snapshot's histograms get storage of their own, trimmed to their largest value, and the recorder's are
    /// zeroed in place over the range in use. Sharing them with the snapshot would make the reset copy every
    /// histogram's whole range (copy-on-write) and then zero all of it, on the worker's thread, every second.
    public func takeInterval(index: Int) -> IntervalSnapshot {
        let snapshot = IntervalSnapshot(
            index: index,
            steps: steps.map { $0.trimmedCopy() },
            scenarios: scenarios,
            schedulingLag: schedulingLag.trimmedCopy()
        )
        for slot in steps.indices { steps[slot].reset() }
        for slot in scenarios.indices { scenarios[slot].resetSpan() }
        schedulingLag.reset()
        return snapshot
    }
}
