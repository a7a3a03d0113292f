import Synchronization

/// Merges the workers' interval snapshots into per-second series and running totals.
///
/// Workers submit from their own threads once per interval; the lock is taken once per worker per second,
/// never per sample, and a submission only stores the snapshot. The run's coordinator calls `foldCompleted()`
/// off the workers' threads, so computing percentiles never stalls a worker's loop. Readers (the live
/// console, thresholds) take a `LiveView`.
public final class Collector: Sendable {
    private struct State {
        var pending: [Int: (parts: Int, snapshot: IntervalSnapshot)] = [:]
        var steps: [StepMeasurements]
        var scenarios: [ScenarioCounters]
        var peakVUs: [Int]
        var schedulingLag = LatencyHistogram()
        var stepSeries: [[SeriesPoint]]
        var scenarioSeries: [[ScenarioSeriesPoint]]
        var generatorSeries: [GeneratorSeriesPoint] = []
        var lastIntervalLagP99: Double = 0
        var live = LiveView()
        var windows: [MeasurementWindowID: MeasurementWindow] = [:]
        var nextWindow = 0
    }

    /// The plan's layout.
    public let layout: MetricsLayout
    /// How many workers submit each interval.
    public let workerCount: Int
    /// The run's start, Unix ms: interval k starts at `startTimeUnixMs + (k-1) * 1000`.
    public let startTimeUnixMs: Int64
    /// For each slot, whether it is a group's row (left out of the live totals: its steps count already).
    private let groupSlots: [Bool]
    private let state: Mutex<State>

    /// A collector for `workerCount` workers measuring `layout`.
    public init(layout: MetricsLayout, workerCount: Int, startTimeUnixMs: Int64) {
        self.layout = layout
        self.workerCount = workerCount
        self.startTimeUnixMs = startTimeUnixMs
        let steps = layout.allSteps
        groupSlots = steps.map { $0.protocolName == MetricsLayout.groupProtocolName }
        state = Mutex(
            State(
                steps: steps.map { StepMeasurements(phaseCount: $0.phaseNames.count) },
                scenarios: Array(repeating: ScenarioCounters(), count: layout.scenarios.count),
                peakVUs: Array(repeating: 0, count: layout.scenarios.count),
                stepSeries: Array(repeating: [], count: steps.count),
                scenarioSeries: Array(repeating: [], count: layout.scenarios.count)
            )
        )
    }

    /// Takes one worker's snapshot of an interval (stored; folded in by `foldCompleted()`).
    public func submit(_ snapshot: IntervalSnapshot) {
        state.withLock { state in
            if var entry = state.pending.removeValue(forKey: snapshot.index) {
                entry.parts += 1
                entry.snapshot.merge(snapshot)
                state.pending[snapshot.index] = entry
            } else {
                state.pending[snapshot.index] = (1, snapshot)
            }
        }
    }

    /// Folds in, oldest first, every interval that every worker has submitted.
    public func foldCompleted() {
        state.withLock { state in
            for index in state.pending.keys.sorted() {
                guard let entry = state.pending[index], entry.parts >= workerCount else { break }
                state.pending[index] = nil
                fold(entry.snapshot, into: &state)
            }
        }
    }

    /// Folds in every interval still waiting for a worker (at the end of a run).
    public func flush() {
        state.withLock { state in
            for index in state.pending.keys.sorted() {
                if let entry = state.pending.removeValue(forKey: index) { fold(entry.snapshot, into: &state) }
            }
        }
    }

    /// Adds one second of generator health (CPU, memory), sampled by the run's coordinator.
    public func recordGenerator(t: Int64, cpuPercent: Double, rssBytes: UInt64) {
        state.withLock { state in
            state.generatorSeries.append(
                GeneratorSeriesPoint(
                    t: t,
                    cpuPercent: cpuPercent,
                    rssBytes: rssBytes,
                    schedulingLagP99: state.lastIntervalLagP99
                )
            )
        }
    }

    /// Starts collecting a window: every interval folded from now on is added to it until it is taken.
    public func openWindow() -> MeasurementWindowID {
        state.withLock { state in
            let id = MeasurementWindowID(value: state.nextWindow)
            state.nextWindow += 1
            state.windows[id] = MeasurementWindow(layout: layout)
            return id
        }
    }

    /// Returns what window `id` collected and starts it afresh (the next interval folded begins the next span).
    public func takeWindow(_ id: MeasurementWindowID) -> MeasurementWindow {
        state.withLock { state in
            let taken = state.windows[id] ?? MeasurementWindow(layout: layout)
            state.windows[id] = MeasurementWindow(layout: layout)
            return taken
        }
    }

    /// Stops collecting window `id`.
    public func closeWindow(_ id: MeasurementWindowID) {
        _ = state.withLock { $0.windows.removeValue(forKey: id) }
    }

    /// What the live console shows: the last complete second and the totals so far.
    public var live: LiveView { state.withLock { $0.live } }

    /// The run's totals per step slot so far.
    public var stepTotals: [StepMeasurements] { state.withLock { $0.steps } }

    /// The run's totals per scenario so far (`activeVUs` as of the last second folded in).
    public var scenarioTotals: [ScenarioCounters] { state.withLock { $0.scenarios } }

    /// Builds the result document from everything collected.
    public func makeResult(
        runID: String,
        name: String,
        status: RunStatus,
        startedAt: String,
        durationSeconds: Double,
        environment: RunEnvironment,
        cpuSeconds: Double,
        peakRSSBytes: UInt64,
        warnings: [String]
    ) -> RunResult {
        state.withLock { state in
            let scenarios = layout.scenarios.enumerated().map { scenarioIndex, scenario in
                let steps = scenario.steps.enumerated().map { stepIndex, step in
                    let slot = scenario.firstStepSlot + stepIndex
                    return StepResult(
                        step: step,
                        measurements: state.steps[slot],
                        durationSeconds: durationSeconds,
                        series: state.stepSeries[slot]
                    )
                }
                return ScenarioResult(
                    name: scenario.name,
                    loadModel: scenario.loadModel,
                    counters: state.scenarios[scenarioIndex],
                    peakVUs: state.peakVUs[scenarioIndex],
                    steps: steps,
                    series: state.scenarioSeries[scenarioIndex]
                )
            }
            return RunResult(
                runID: runID,
                name: name,
                status: status,
                startTimeUnixMs: startTimeUnixMs,
                startedAt: startedAt,
                durationSeconds: durationSeconds,
                environments: [environment],
                generator: GeneratorResult(
                    schedulingLagHistogram: state.schedulingLag,
                    cpuSeconds: cpuSeconds,
                    peakRSSBytes: peakRSSBytes,
                    series: state.generatorSeries,
                    warnings: warnings
                ),
                scenarios: scenarios
            )
        }
    }

    /// The scheduling lag over the whole run so far.
    public var schedulingLag: LatencyHistogram { state.withLock { $0.schedulingLag } }

    private func fold(_ snapshot: IntervalSnapshot, into state: inout State) {
        let t = startTimeUnixMs + Int64(snapshot.index - 1) * 1000
        var intervalLatency = LatencyHistogram()
        var intervalCount: UInt64 = 0
        var intervalFailures: UInt64 = 0
        for slot in snapshot.steps.indices {
            let measurements = snapshot.steps[slot]
            state.steps[slot].merge(measurements)
            state.stepSeries[slot].append(SeriesPoint(t: t, measurements: measurements))
            if groupSlots[slot] { continue }
            intervalLatency.merge(measurements.latency)
            intervalCount += measurements.count
            intervalFailures += measurements.failures
        }
        var activeVUs = 0
        var dropped: UInt64 = 0
        for slot in snapshot.scenarios.indices {
            let counters = snapshot.scenarios[slot]
            state.scenarios[slot].merge(counters)
            state.scenarios[slot].activeVUs = counters.activeVUs
            state.peakVUs[slot] = max(state.peakVUs[slot], counters.peakActiveVUs)
            state.scenarioSeries[slot].append(ScenarioSeriesPoint(t: t, counters: counters))
            activeVUs += counters.activeVUs
            dropped += counters.droppedIterations
        }
        for id in state.windows.keys { state.windows[id]?.add(snapshot) }
        state.schedulingLag.merge(snapshot.schedulingLag)
        state.lastIntervalLagP99 = Double(snapshot.schedulingLag.value(atPercentile: 99)) / 1000
        state.live.interval = snapshot.index
        state.live.intervalSamples = intervalCount
        state.live.intervalFailures = intervalFailures
        state.live.intervalP95Ms = Double(intervalLatency.value(atPercentile: 95)) / 1000
        state.live.activeVUs = activeVUs
        state.live.totalSamples += intervalCount
        state.live.totalFailures += intervalFailures
        state.live.totalDropped += dropped
    }
}

/// The live picture of a run: the last complete second and the totals so far.
public struct LiveView: Sendable, Equatable {
    /// The last interval folded in (0 before the first).
    public var interval = 0
    /// Samples completed in that second, over all steps.
    public var intervalSamples: UInt64 = 0
    /// Failures in that second.
    public var intervalFailures: UInt64 = 0
    /// p95 latency in that second, over all steps, ms.
    public var intervalP95Ms: Double = 0
    /// VUs running at the end of that second.
    public var activeVUs = 0
    /// Samples so far.
    public var totalSamples: UInt64 = 0
    /// Failures so far.
    public var totalFailures: UInt64 = 0
    /// Dropped open-model iterations so far.
    public var totalDropped: UInt64 = 0

    /// An empty view.
    public init() {}
}
