import Foundation
import Testing

@testable import BarrageMetrics

struct CollectorTests {
    let layout = MetricsLayout(scenarios: [
        (
            name: "a", loadModel: "constant-users",
            steps: [MetricsLayout.Step(name: "one", protocolName: "tcp", phaseNames: ["connect"])]
        ),
        (name: "b", loadModel: "constant-rate", steps: [MetricsLayout.Step(name: "two", protocolName: "udp")]),
    ])

    @Test func intervalsFromEveryWorkerFoldIntoTotalsAndSeries() {
        let collector = Collector(layout: layout, workerCount: 2, startTimeUnixMs: 1_000_000)
        let recorders = [Recorder(layout: layout), Recorder(layout: layout)]
        for second in 1...3 {
            for (index, recorder) in recorders.enumerated() {
                for sample in 0..<(100 * (index + 1)) {
                    var phases = PhaseTimings()
                    phases[0] = 5_000
                    recorder.record(
                        Sample(
                            start: 0,
                            end: UInt64(sample) * 1_000,
                            error: sample % 10 == 0 ? .timeout : nil,
                            bytesSent: 4,
                            phases: phases
                        ),
                        stepSlot: 0
                    )
                }
                recorder.recordDroppedIteration(scenario: 1)
                collector.submit(recorder.takeInterval(index: second))
            }
        }
        collector.foldCompleted()
        let totals = collector.stepTotals
        #expect(totals[0].count == 900)
        #expect(totals[0].failures == 90)
        #expect(totals[0].errors[.timeout] == 90)
        #expect(totals[0].bytesSent == 3_600)
        #expect(totals[0].phases[0].count == 900)
        let live = collector.live
        #expect(live.interval == 3)
        #expect(live.totalSamples == 900)
        #expect(live.totalDropped == 6)

        let environment = RunEnvironment(
            os: "x",
            kernel: "y",
            cpuModel: "z",
            cpuCores: 2,
            hostname: "h",
            barrageVersion: "0",
            commandLine: [],
            workers: 2
        )
        let result = collector.makeResult(
            runID: "r",
            name: "n",
            status: .completed,
            startedAt: "t",
            durationSeconds: 3,
            environment: environment,
            cpuSeconds: 1,
            peakRSSBytes: 1,
            warnings: []
        )
        let step = result.scenarios[0].steps[0]
        #expect(step.series.map(\.count) == [300, 300, 300])
        #expect(step.series.map(\.t) == [1_000_000, 1_001_000, 1_002_000])
        #expect(step.errors == ["timeout": 90])
        #expect(step.rate == 300)
        #expect(result.scenarios[1].droppedIterations == 6)
        #expect(step.phases.map(\.name) == ["connect"])
    }

    @Test func anIntervalSnapshotOwnsItsCountsAndTheRecorderStartsEmpty() {
        let recorder = Recorder(layout: layout)
        for value in [UInt64(20_000), 80_000, 7_000_000] {
            recorder.record(Sample(start: 0, end: value), stepSlot: 0)
        }
        let first = recorder.takeInterval(index: 1)
        #expect(first.steps[0].latency.count == 3)
        #expect(first.steps[0].latency.max >= 7_000)
        #expect(recorder.steps[0].latency.count == 0)
        #expect(recorder.steps[0].latency.histogram.counts.allSatisfy { $0 == 0 })
        recorder.record(Sample(start: 0, end: 1_000), stepSlot: 0)
        let second = recorder.takeInterval(index: 2)
        // The first snapshot did not change when the recorder went on.
        #expect(first.steps[0].latency.count == 3)
        #expect(second.steps[0].latency.count == 1)
        var both = first
        both.merge(second)
        #expect(both.steps[0].latency.count == 4)
        #expect(both.steps[0].latency.min == 1)
    }

    @Test func resultsOfSeveralProcessesMergeExactly() throws {
        var generator = SeededGenerator(seed: 3)
        var parts: [RunResult] = []
        var everything = StepMeasurements()
        for part in 0..<3 {
            let collector = Collector(layout: layout, workerCount: 1, startTimeUnixMs: 5_000_000)
            let recorder = Recorder(layout: layout)
            for _ in 0..<10_000 {
                let sample = Sample(
                    start: 0,
                    end: UInt64.random(in: 1_000...90_000_000, using: &generator),
                    error: Bool.random(using: &generator) ? nil : .connectRefused
                )
                recorder.record(sample, stepSlot: 0)
                everything.record(sample)
            }
            collector.submit(recorder.takeInterval(index: 1))
            collector.flush()
            let environment = RunEnvironment(
                os: "x",
                kernel: "y",
                cpuModel: "z",
                cpuCores: 2,
                hostname: "h\(part)",
                barrageVersion: "0",
                commandLine: [],
                workers: 1,
                segment: "\(part)/3"
            )
            parts.append(
                collector.makeResult(
                    runID: "r\(part)",
                    name: "n",
                    status: .completed,
                    startedAt: "t",
                    durationSeconds: 1,
                    environment: environment,
                    cpuSeconds: 1,
                    peakRSSBytes: 1,
                    warnings: []
                )
            )
        }
        // Through JSON, as merge would read them from disk.
        let decoded = try parts.map { try JSONDecoder().decode(RunResult.self, from: $0.jsonData()) }
        let merged = try RunResult.merge(decoded)
        let step = merged.scenarios[0].steps[0]
        #expect(step.count == 30_000)
        #expect(step.failures == everything.failures)
        #expect(step.histogram == everything.latency)
        #expect(step.latency == LatencySummary(everything.latency))
        #expect(step.series.count == 1)
        #expect(step.series[0].count == 30_000)
        #expect(merged.environments.count == 3)
    }

    @Test func resultsOfDifferentPlansAreNotMerged() throws {
        let one = Collector(layout: layout, workerCount: 1, startTimeUnixMs: 0)
        let other = Collector(
            layout: MetricsLayout(scenarios: [(name: "c", loadModel: "", steps: [])]),
            workerCount: 1,
            startTimeUnixMs: 0
        )
        let environment = RunEnvironment(
            os: "",
            kernel: "",
            cpuModel: "",
            cpuCores: 1,
            hostname: "",
            barrageVersion: "",
            commandLine: [],
            workers: 1
        )
        let results = [one, other].map {
            $0.makeResult(
                runID: "",
                name: "",
                status: .completed,
                startedAt: "",
                durationSeconds: 1,
                environment: environment,
                cpuSeconds: 0,
                peakRSSBytes: 0,
                warnings: []
            )
        }
        #expect(throws: MergeError.self) { try RunResult.merge(results) }
        var newer = results[0]
        newer.schemaVersion = 99
        #expect(throws: MergeError.schemaVersionsDiffer([1, 99])) { try RunResult.merge([results[0], newer]) }
    }
}
