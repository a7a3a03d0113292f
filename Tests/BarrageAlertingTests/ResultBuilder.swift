import BarrageCore
import BarrageMetrics

/// Builds real results through the collector, as a run does: samples recorded into interval snapshots.
struct ResultBuilder {
    /// One step's samples in one second: latencies in ms, how many failed and of which kind.
    struct Samples {
        var latenciesMs: [Double]
        var failures: [ErrorKind] = []
    }

    var layout: MetricsLayout
    var seconds: [[String: Samples]] = []
    var dropped: [String: UInt64] = [:]

    /// A layout of scenarios → (step, protocol) lists.
    init(_ scenarios: [(String, [(String, String)])]) {
        layout = MetricsLayout(
            scenarios: scenarios.map { name, steps in
                (name, "test", steps.map { MetricsLayout.Step(name: $0.0, protocolName: $0.1) })
            }
        )
    }

    /// Adds a second in which `samples["scenario/step"]` were measured.
    mutating func second(_ samples: [String: Samples]) { seconds.append(samples) }

    /// The result of the first `count` seconds (all by default).
    func result(seconds count: Int? = nil) -> RunResult {
        let used = min(count ?? seconds.count, seconds.count)
        return collector(seconds: used).makeResult(
            runID: "r-test",
            name: "plan",
            status: .completed,
            startedAt: "",
            durationSeconds: Double(used),
            environment: RunEnvironment(
                os: "",
                kernel: "",
                cpuModel: "",
                cpuCores: 1,
                hostname: "",
                barrageVersion: "",
                commandLine: [],
                workers: 1
            ),
            cpuSeconds: 0,
            peakRSSBytes: 0,
            warnings: []
        )
    }

    /// A collector that has folded the first `count` seconds, as during a run.
    func collector(seconds count: Int) -> Collector {
        let collector = Collector(layout: layout, workerCount: 1, startTimeUnixMs: 1_000_000)
        let used = Array(seconds.prefix(count))
        for (index, second) in used.enumerated() {
            var steps = layout.allSteps.map { _ in StepMeasurements() }
            var scenarios = layout.scenarios.map { _ in ScenarioCounters() }
            for (scenarioIndex, scenario) in layout.scenarios.enumerated() {
                for (stepIndex, step) in scenario.steps.enumerated() {
                    guard let samples = second["\(scenario.name)/\(step.name)"] else { continue }
                    let slot = scenario.firstStepSlot + stepIndex
                    for (sampleIndex, latency) in samples.latenciesMs.enumerated() {
                        let error = sampleIndex < samples.failures.count ? samples.failures[sampleIndex] : nil
                        steps[slot].record(Sample(start: 0, end: UInt64(latency * 1_000_000), error: error))
                    }
                }
                if index == 0 { scenarios[scenarioIndex].droppedIterations = dropped[scenario.name] ?? 0 }
            }
            collector.submit(
                IntervalSnapshot(
                    index: index + 1,
                    steps: steps,
                    scenarios: scenarios,
                    schedulingLag: LatencyHistogram()
                )
            )
        }
        collector.flush()
        return collector
    }
}
