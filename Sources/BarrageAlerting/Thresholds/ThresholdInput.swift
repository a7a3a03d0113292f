import BarrageMetrics

/// What thresholds read: per step row its counts and latency histogram, per scenario its iteration counts, and
/// the seconds measured. Made from a finished (or merged) result, or cheaply from the collector's running totals
/// during a run, without computing any summary the thresholds do not need.
public struct ThresholdInput: Sendable {
    /// One step row.
    public struct Row: Sendable {
        /// Its scenario's name.
        public var scenario: String
        /// The step's (or group's) name.
        public var name: String
        /// Its protocol.
        public var protocolName: String
        /// Samples that succeeded.
        public var successes: UInt64
        /// Samples that failed.
        public var failures: UInt64
        /// Failures by error kind name.
        public var errors: [String: UInt64]
        /// Latency of every sample, µs.
        public var histogram: LatencyHistogram

        /// All samples.
        public var count: UInt64 { successes + failures }
    }

    /// One scenario's iteration counts.
    public struct Scenario: Sendable {
        /// Its name.
        public var name: String
        /// Iterations completed.
        public var iterations: UInt64
        /// Iterations in which a step failed.
        public var failedIterations: UInt64
        /// Open-model arrivals that could not start on time.
        public var droppedIterations: UInt64
    }

    /// Every step row, in plan order.
    public var rows: [Row]
    /// Every scenario, in plan order; nil when not known (a live snapshot made from step totals alone).
    public var scenarios: [Scenario]?
    /// The names of the plan's scenarios, in order.
    public var scenarioNames: [String]
    /// Seconds measured (rates are counts divided by it).
    public var durationSeconds: Double

    /// The input of a finished, merged or baseline result.
    public init(_ result: RunResult) {
        rows = result.scenarios.flatMap { scenario in
            scenario.steps.map {
                Row(
                    scenario: scenario.name,
                    name: $0.name,
                    protocolName: $0.protocolName,
                    successes: $0.successes,
                    failures: $0.failures,
                    errors: $0.errors,
                    histogram: $0.histogram
                )
            }
        }
        scenarios = result.scenarios.map {
            Scenario(
                name: $0.name,
                iterations: $0.iterations,
                failedIterations: $0.failedIterations,
                droppedIterations: $0.droppedIterations
            )
        }
        scenarioNames = result.scenarios.map(\.name)
        durationSeconds = result.durationSeconds
    }

    /// The input of a run in progress: the collector's running totals per step slot (`Collector.stepTotals`).
    public init(layout: MetricsLayout, stepTotals: [StepMeasurements], durationSeconds: Double) {
        var rows: [Row] = []
        for scenario in layout.scenarios {
            for (index, step) in scenario.steps.enumerated() {
                let slot = scenario.firstStepSlot + index
                guard slot < stepTotals.count else { continue }
                let totals = stepTotals[slot]
                rows.append(
                    Row(
                        scenario: scenario.name,
                        name: step.name,
                        protocolName: step.protocolName,
                        successes: totals.successes,
                        failures: totals.failures,
                        errors: Dictionary(uniqueKeysWithValues: totals.errors.map { ($0.key.name, $0.value) }),
                        histogram: totals.latency
                    )
                )
            }
        }
        self.rows = rows
        scenarios = nil
        scenarioNames = layout.scenarios.map(\.name)
        self.durationSeconds = durationSeconds
    }

    /// The input of a span of a run (a `MeasurementWindow`): its step measurements and scenario counters.
    public init(
        layout: MetricsLayout,
        stepTotals: [StepMeasurements],
        scenarioTotals: [ScenarioCounters],
        durationSeconds: Double
    ) {
        self.init(layout: layout, stepTotals: stepTotals, durationSeconds: durationSeconds)
        scenarios = zip(layout.scenarios, scenarioTotals).map { scenario, counters in
            Scenario(
                name: scenario.name,
                iterations: counters.iterations.count,
                failedIterations: counters.iterations.failures,
                droppedIterations: counters.droppedIterations
            )
        }
    }
}
