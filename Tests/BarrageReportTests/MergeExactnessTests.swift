import BarrageMetrics
import Testing

@testable import BarrageReport

@Suite struct MergeExactnessTests {
    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func mergingRandomPartsEqualsOneResultThatRecordedEverything(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let seconds = Int.random(in: 3...6, using: &random)
        let parts = Int.random(in: 2...5, using: &random)
        let events = ResultFactory.events(seconds: seconds, perSecond: 150, failureRatio: 0.05, seed: seed &* 7919)
        var split = Array(repeating: [ResultFactory.Event](), count: parts)
        for event in events { split[Int.random(in: 0..<parts, using: &random)].append(event) }

        let whole = ResultFactory.result(events: events, seconds: seconds, vus: 4 * parts)
        let pieces = split.enumerated().map { index, events in
            ResultFactory.result(events: events, seconds: seconds, segment: "\(index)/\(parts)")
        }
        let merged = try RunResult.merge(pieces)

        #expect(merged.totalSamples == whole.totalSamples)
        #expect(merged.totalFailures == whole.totalFailures)
        #expect(merged.durationSeconds == whole.durationSeconds)
        #expect(merged.environments.count == parts)
        #expect(merged.generator.schedulingLagHistogram == whole.generator.schedulingLagHistogram)
        for (mine, theirs) in zip(merged.scenarios, whole.scenarios) {
            #expect(mine.iterations == theirs.iterations)
            #expect(mine.failedIterations == theirs.failedIterations)
            #expect(mine.iterationHistogram == theirs.iterationHistogram)
            #expect(mine.iterationDuration == theirs.iterationDuration)
            #expect(mine.peakVUs == theirs.peakVUs)
            #expect(mine.series == theirs.series)
            for (step, expected) in zip(mine.steps, theirs.steps) {
                #expect(step.count == expected.count)
                #expect(step.successes == expected.successes)
                #expect(step.failures == expected.failures)
                #expect(step.errorRate == expected.errorRate)
                #expect(step.rate == expected.rate)
                #expect(step.bytesSent == expected.bytesSent)
                #expect(step.bytesReceived == expected.bytesReceived)
                #expect(step.errors == expected.errors)
                #expect(step.histogram == expected.histogram)
                #expect(step.latency == expected.latency)
                #expect(step.phases == expected.phases)
                #expect(step.series.map(\.t) == expected.series.map(\.t))
                #expect(step.series.map(\.count) == expected.series.map(\.count))
                #expect(step.series.map(\.failures) == expected.series.map(\.failures))
                #expect(step.series.map(\.bytesSent) == expected.series.map(\.bytesSent))
                #expect(step.series.map(\.max) == expected.series.map(\.max))
            }
        }
        // What the reports print from merged and whole results is the same where the numbers are exact.
        #expect(StatsCSV.table(merged) == StatsCSV.table(whole))
    }

    @Test func mergingResultsOfDifferentPlansIsRefused() throws {
        let first = ResultFactory.shared
        var second = first
        second.scenarios[1].steps[0].name = "other"
        #expect(throws: MergeError.self) { try RunResult.merge([first, second]) }
    }

    @Test func mergingResultsOfDifferentSchemaVersionsIsRefused() throws {
        let first = ResultFactory.shared
        var second = first
        second.schemaVersion = 2
        #expect(throws: MergeError.schemaVersionsDiffer([1, 2])) { try RunResult.merge([first, second]) }
    }

    private func segments(_ labels: String...) -> [RunResult] {
        labels.map { label in
            var part = ResultFactory.shared
            part.environments = part.environments.map { environment in
                var copy = environment
                copy.segment = label
                return copy
            }
            return part
        }
    }

    @Test func segmentsMustBeDistinctCompleteAndOfOneSplit() throws {
        #expect(throws: Never.self) { try RunResult.merge(segments("0/3", "1/3", "2/3")) }
        #expect(throws: MergeError.missingSegments(["1/3"])) { try RunResult.merge(segments("0/3", "2/3")) }
        #expect(throws: Never.self) { try RunResult.merge(segments("0/3", "2/3"), allowingMissingSegments: true) }
        #expect(throws: MergeError.overlappingSegments("1/3")) { try RunResult.merge(segments("0/3", "1/3", "1/3")) }
        #expect(throws: MergeError.segmentCountsDiffer(["0/2", "1/3"])) { try RunResult.merge(segments("0/2", "1/3")) }
        #expect(throws: MergeError.segmentCountsDiffer(["0/1", "1/2"])) { try RunResult.merge(segments("0/1", "1/2")) }
        #expect(throws: Never.self) { try RunResult.merge(segments("0/1", "0/1")) }
        #expect(
            MergeError.missingSegments(["1/3", "2/3"]).description
                == "segments 1/3, 2/3 missing: the merged totals would be short; give every segment's result, or pass "
                + "--partial to merge what is there"
        )
    }
}

@Suite struct MergedTestTypeFindingsTests {
    static let layout = MetricsLayout(scenarios: [("s", "load", [MetricsLayout.Step(name: "x", protocolName: "tcp")])])
    static let window = WindowSummary(MeasurementWindow(layout: layout), layout: layout)

    @Test func mergingPartsDropsTheirSpikeFindingsButOnePartKeepsThem() throws {
        var part = ResultFactory.shared
        part.spike = SpikeOutcome(
            multiplier: 5,
            before: Self.window,
            during: Self.window,
            after: nil,
            recoveryCriterion: "p95 back",
            recoverySeconds: 2
        )
        // Each part found a recovery in its own share of the load only: the merged run has no spike finding.
        let merged = try RunResult.merge([part, part])
        #expect(merged.spike == nil)
        #expect(merged.stress == nil)
        #expect(merged.testTypePassed == nil)
        // A single part is the whole run: its findings stand.
        #expect(try RunResult.merge([part]).spike == part.spike)
    }
}
