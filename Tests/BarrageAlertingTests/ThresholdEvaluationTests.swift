import BarrageAlerting
import BarrageConfig
import BarrageCore
import BarrageMetrics
import Testing

struct ThresholdEvaluationTests {
    static func thresholds(_ yaml: String) throws -> [Threshold] {
        try AlertingConfiguration.parse(document: try YAMLSource.parse(yaml, file: "t.yaml")).thresholds
    }

    /// checkout: login (http) 100 samples 1…100 ms, 5 failed (2 of them checks); pay (tcp) 10 samples of 400 ms.
    /// browse: list (http) 2 × 50 samples of 20 ms, and the group `shop` (50 of 30 ms, repeating its steps'
    /// samples: left out unless a threshold names the group); 7 dropped iterations.
    static func result() -> RunResult {
        var builder = ResultBuilder([
            ("checkout", [("login", "http"), ("pay", "tcp")]), ("browse", [("list", "http"), ("shop", "group")]),
        ])
        builder.dropped = ["browse": 7]
        builder.second([
            "checkout/login": .init(
                latenciesMs: (1...100).map(Double.init),
                failures: [.checkFailed, .checkFailed, .timeout, .timeout, .connectRefused]
            ),
            "checkout/pay": .init(latenciesMs: Array(repeating: 400, count: 10)),
            "browse/list": .init(latenciesMs: Array(repeating: 20, count: 50)),
            "browse/shop": .init(latenciesMs: Array(repeating: 30, count: 50)),
        ])
        builder.second(["browse/list": .init(latenciesMs: Array(repeating: 20, count: 50))])
        return builder.result()
    }

    @Test func statisticsAreReadOverTheRowsTheScopeSelects() throws {
        let thresholds = try Self.thresholds(
            """
            thresholds:
              - {condition: p95 < 100ms, scope: {scenario: checkout, step: login}}
              - {condition: p95 < 100ms, scope: {scenario: checkout}}
              - {condition: max < 1s, scope: {protocol: http}}
              - {condition: error_rate < 1%, scope: {step: login}}
              - {condition: error_rate < 5%}
              - {condition: checks > 97%, scope: {step: login}}
              - {condition: rate > 80/s}
              - {condition: count == 210}
              - {condition: failures == 5}
              - {condition: dropped_iterations == 0, scope: {scenario: browse}}
              - {condition: dropped_iterations == 0, scope: {scenario: checkout}}
              - {condition: p50 < 1s, scope: {step: nothing-here}}
              - {condition: p99 < 1s, scope: {group: shop}}
            """
        )
        let verdicts = ThresholdEvaluator(thresholds: thresholds).evaluate(Self.result())
        func observed(_ index: Int) -> Double { verdicts[index].observed ?? -1 }
        #expect(
            verdicts.map(\.status) == [
                .passed, .failed, .passed, .failed, .passed, .passed, .passed, .passed, .passed, .failed, .passed,
                .noData,
                .passed,
            ]
        )
        #expect(abs(observed(0) - 95) < 1)
        // HDR histograms keep three significant digits.
        #expect(abs(observed(1) - 400) < 1)
        #expect(verdicts[1].observedText.hasPrefix("400") && verdicts[1].observedText.hasSuffix("ms"))
        #expect(verdicts[1].scope == "scenario=checkout")
        #expect(observed(3) == 0.05 && verdicts[3].observedText == "5%")
        #expect(abs(observed(4) - 5.0 / 210) < 1e-9)
        // Checks: 95 samples passed, 2 failed a check; the 3 that failed otherwise never ran their checks.
        #expect(abs(observed(5) - 95.0 / 97) < 1e-9)
        #expect(observed(6) == 105 && verdicts[6].observedText == "105/s")
        #expect(observed(9) == 7 && verdicts[9].unit == "count")
        #expect(verdicts[11].observed == nil && verdicts[11].observedText == "no data")
        // Group rows are not counted in the whole run (count == 210 above), only when a threshold names them.
        #expect(verdicts[12].scope == "group=shop" && abs(observed(12) - 30) < 0.1)
    }

    @Test func theLiveTotalsGiveTheVerdictsTheFinishedResultGives() throws {
        var builder = ResultBuilder([("checkout", [("login", "http"), ("pay", "tcp")])])
        builder.second([
            "checkout/login": .init(latenciesMs: (1...100).map(Double.init), failures: [.checkFailed, .timeout]),
            "checkout/pay": .init(latenciesMs: Array(repeating: 400, count: 10)),
        ])
        builder.second(["checkout/pay": .init(latenciesMs: Array(repeating: 300, count: 10))])
        let thresholds = try Self.thresholds(
            """
            thresholds:
              - p95 < 350ms
              - {condition: p99.9 < 1s, scope: {protocol: tcp}}
              - {condition: error_rate < 1%, scope: {step: login}}
              - checks > 99%
              - rate > 50/s
              - {condition: dropped_iterations == 0, scope: {scenario: checkout}}
            """
        )
        let evaluator = ThresholdEvaluator(thresholds: thresholds)
        let collector = builder.collector(seconds: 2)
        let live = ThresholdInput(layout: builder.layout, stepTotals: collector.stepTotals, durationSeconds: 2)
        let fromTotals = thresholds.map { evaluator.verdict($0, on: live) }
        let fromResult = evaluator.evaluate(builder.result())
        #expect(Array(fromTotals.prefix(5)) == Array(fromResult.prefix(5)))
        #expect(fromResult.map(\.status) == [.failed, .passed, .failed, .passed, .passed, .passed])
        // Step totals carry no iteration counts: a scenario statistic needs the full result.
        #expect(evaluator.needsScenarioCounts && fromTotals[5].status == .noData)
    }

    @Test func baselineLimitsAreTheBaselinesValueTimesTheFactor() throws {
        var faster = ResultBuilder([("checkout", [("login", "http")])])
        faster.second(["checkout/login": .init(latenciesMs: Array(repeating: 80, count: 20))])
        let thresholds = try Self.thresholds(
            """
            thresholds:
              - {condition: p95 < baseline * 1.1, scope: {step: login}}
              - {condition: p95 < baseline * 10, scope: {step: login}}
              - {condition: p95 <= baseline}
            """
        )
        let verdicts = ThresholdEvaluator(thresholds: thresholds, baseline: faster.result()).evaluate(Self.result())
        #expect(verdicts.map(\.status) == [.failed, .passed, .failed])
        #expect(abs((verdicts[0].limit ?? 0) - 88) < 0.1 && abs((verdicts[1].limit ?? 0) - 800) < 1)
        #expect(verdicts[0].observedText.contains("(limit 88"))
        let withoutBaseline = ThresholdEvaluator(thresholds: thresholds).evaluate(Self.result())
        #expect(withoutBaseline.allSatisfy { $0.status == .noData && $0.observedText.contains("--baseline") })
    }

    @Test func theMonitorReportsOneAlertPerChangeOfStateAndHonoursDelayAndAbort() throws {
        var builder = ResultBuilder([("s", [("a", "tcp")])])
        let fast = ResultBuilder.Samples(latenciesMs: Array(repeating: 10, count: 100))
        let slow = ResultBuilder.Samples(latenciesMs: Array(repeating: 5000, count: 450))
        builder.second(["s/a": slow])  // 1: failing, but inside the 2 s delay
        builder.second(["s/a": fast])  // 2: still failing (cumulative p50 is 5 s)
        builder.second(["s/a": fast])  // 3
        for _ in 0..<10 { builder.second(["s/a": fast]) }  // recovers once fast samples are the majority
        let thresholds = try Self.thresholds(
            """
            thresholds:
              - {condition: p50 < 1s, delay: 2s}
              - {condition: p50 < 1s, abort_on_fail: true, delay: 3s}
              - {condition: count > 0}
            """
        )
        var monitor = ThresholdMonitor(evaluator: ThresholdEvaluator(thresholds: thresholds))
        var events: [(second: Int, index: Int, kind: AlertEventKind)] = []
        for second in 1...13 {
            for transition in monitor.observe(builder.result(seconds: second), second: second) {
                let index = thresholds.firstIndex(of: transition.threshold) ?? -1
                events.append((second, index, transition.kind))
            }
            if second == 1 { #expect(monitor.states[0] == .pending && monitor.abortingThreshold == nil) }
        }
        let summary = events.map { "\($0.second):\($0.index):\($0.kind.rawValue)" }
        // p50 < 1s recovers in the first second whose fast samples (100 per second from second 2) outnumber the
        // 450 slow ones: second 6.
        #expect(summary == ["2:0:fail", "3:1:fail", "6:0:recover", "6:1:recover"])
        #expect(monitor.abortingThreshold == thresholds[1])
        #expect(monitor.states == [.passing, .passing, .passing])
        let final = monitor.finish(builder.result())
        #expect(final.map(\.firstFailedAtSecond) == [2, 3, nil])
        #expect(final.allSatisfy { $0.status == .passed })
    }
}
