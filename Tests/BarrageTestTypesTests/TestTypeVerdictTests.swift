import BarrageMetrics
import Testing

struct TestTypeVerdictTests {
    static let layout = MetricsLayout(scenarios: [("s", "load", [MetricsLayout.Step(name: "x", protocolName: "tcp")])])
    static let window = WindowSummary(MeasurementWindow(layout: layout), layout: layout)

    static func step(_ rate: Double, held: Bool) -> StressStep {
        StressStep(
            offeredRate: rate,
            measured: window,
            held: held,
            failedConditions: held ? [] : ["p95 < 1ms: 2ms"],
            failureKind: held ? nil : "latency"
        )
    }

    static func recovery(_ seconds: Double?) -> StressRecovery {
        StressRecovery(
            brokenRate: 800,
            recoveryRate: 200,
            droppedAtSecond: 12,
            recoverySeconds: seconds,
            timeoutSeconds: 30
        )
    }

    @Test func theOutcomeNamesTheHighestHeldRateBelowTheLowestBrokenOne() {
        let outcome = StressOutcome(
            slo: ["p95 < 1ms"],
            steps: [
                Self.step(100, held: true), Self.step(200, held: false), Self.step(150, held: true),
                Self.step(175, held: false),
            ],
            recoveries: [Self.recovery(2)],
            ended: "converged"
        )
        #expect(outcome.maxSustainableRate == 150)
        #expect(outcome.breakingPointRate == 175)
        #expect(outcome.firstFailureKind == "latency")
        #expect(outcome.recoverySeconds == 2)
    }

    @Test func aStressRunPassesOnlyWhenItHeldSomewhereAndRecoveredEveryTime() {
        func result(_ stress: StressOutcome) -> RunResult {
            var result = RunResult.empty
            result.stress = stress
            return result
        }
        let good = StressOutcome(
            slo: [],
            steps: [Self.step(100, held: true), Self.step(200, held: false)],
            recoveries: [Self.recovery(1)],
            ended: "converged"
        )
        #expect(result(good).testTypePassed == true)
        var unrecovered = good
        unrecovered.recoveries = [Self.recovery(nil)]
        unrecovered.ended = "no_recovery"
        #expect(result(unrecovered).testTypePassed == false)
        let neverHeld = StressOutcome(
            slo: [],
            steps: [Self.step(10, held: false)],
            recoveries: [Self.recovery(1)],
            ended: "min_rate"
        )
        #expect(result(neverHeld).testTypePassed == false)
        #expect(RunResult.empty.testTypePassed == nil)
    }
}

extension RunResult {
    /// A result with nothing measured.
    static var empty: RunResult {
        RunResult(
            runID: "r",
            name: "n",
            status: .completed,
            startTimeUnixMs: 0,
            startedAt: "",
            durationSeconds: 1,
            environments: [],
            generator: GeneratorResult(
                schedulingLagHistogram: LatencyHistogram(),
                cpuSeconds: 0,
                peakRSSBytes: 0,
                series: [],
                warnings: []
            ),
            scenarios: []
        )
    }
}
