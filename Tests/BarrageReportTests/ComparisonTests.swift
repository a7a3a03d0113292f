import BarrageMetrics
import Testing

@testable import BarrageReport

@Suite struct ComparisonTests {
    let baseline = ResultFactory.shared

    @Test func anIdenticalResultHasNoRegression() {
        let comparison = ResultComparison(baseline: baseline, current: baseline, maxRegression: 0.1)
        #expect(!comparison.hasRegression)
        #expect(comparison.steps.count == baseline.allSteps.count)
        #expect(comparison.lines.last == "no regression beyond 10.0%")
    }

    @Test func aSlowerP95BeyondTheLimitIsARegressionButWithinItIsNot() {
        var current = baseline
        current.scenarios[0].steps[0].latency.p95 = baseline.scenarios[0].steps[0].latency.p95 * 1.15
        #expect(ResultComparison(baseline: baseline, current: current, maxRegression: 0.1).hasRegression)
        #expect(!ResultComparison(baseline: baseline, current: current, maxRegression: 0.2).hasRegression)
        let delta = ResultComparison(baseline: baseline, current: current, maxRegression: 0.1).steps[0].deltas
            .first { $0.measure == "p95" }
        #expect(delta?.regressed == true)
    }

    @Test func aLowerRateIsARegressionAndAHigherRateIsNot() {
        var slower = baseline
        slower.scenarios[1].steps[0].rate = baseline.scenarios[1].steps[0].rate * 0.8
        #expect(ResultComparison(baseline: baseline, current: slower, maxRegression: 0.1).hasRegression)
        var faster = baseline
        faster.scenarios[1].steps[0].rate = baseline.scenarios[1].steps[0].rate * 1.5
        #expect(!ResultComparison(baseline: baseline, current: faster, maxRegression: 0.1).hasRegression)
    }

    @Test func errorsAppearingWhereThereWereNoneAreARegression() {
        var clean = baseline
        var failing = baseline
        clean.scenarios[0].steps[1].errorRate = 0
        failing.scenarios[0].steps[1].errorRate = 0.001
        let comparison = ResultComparison(baseline: clean, current: failing, maxRegression: 0.5)
        #expect(comparison.hasRegression)
        #expect(
            comparison.lines.contains { $0.contains("error_rate") && $0.contains("new") && $0.contains("REGRESSION") }
        )
    }

    @Test func stepsInOnlyOneResultAreListedAndNotJudged() {
        var current = baseline
        current.scenarios[1].steps[0].name = "renamed"
        let comparison = ResultComparison(baseline: baseline, current: current, maxRegression: 0.1)
        #expect(comparison.onlyInBaseline == ["ingest / put \"a,b\" <x> & y"])
        #expect(comparison.onlyInCurrent == ["ingest / renamed"])
        #expect(comparison.steps.count == baseline.allSteps.count - 1)
    }
}

@Suite struct SeriesMatchingTests {
    @Test func exactKeysMatchFirstThenANameUniqueOnBothSides() {
        // (source, name): the process id changed between runs.
        let baseline = [("pid 1", "cpu"), ("pid 1", "rss"), ("pid 2", "rss")]
        let current = [("pid 9", "cpu"), ("pid 9", "rss"), ("pid 2", "rss")]
        let matches = matchSeries(current, to: baseline, exact: { "\($0.0) \($0.1)" }, loose: { $0.1 })
        // cpu: no exact match, but the only cpu on both sides; rss of pid 9: two rss in the baseline, so no
        // guess; rss of pid 2: exact.
        #expect(matches == [0, nil, 2])
    }

    @Test func aBaselineSeriesIsUsedOnce() {
        let matches = matchSeries(["a", "a"], to: ["a"], exact: { $0 }, loose: { $0 })
        #expect(matches == [0, nil])
    }
}
