import BarrageMetrics
import Foundation
import Testing

struct HistogramMergeTests {
    @Test(arguments: [1, 7, 42])
    func mergingPerWorkerHistogramsEqualsRecordingEverySampleIntoOne(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var whole = LatencyHistogram()
        var parts = Array(repeating: LatencyHistogram(), count: 4)
        for index in 0..<50_000 {
            // A long-tailed mix: mostly fast, some slow, a few very slow.
            let base = UInt64.random(in: 20_000...400_000, using: &generator)
            let value = index % 97 == 0 ? base * 500 : index % 11 == 0 ? base * 20 : base
            whole.record(nanoseconds: value)
            parts[index % 4].record(nanoseconds: value)
        }
        var merged = LatencyHistogram()
        for part in parts { merged.merge(part) }
        #expect(merged == whole)
        for percentile in [50.0, 90, 95, 99, 99.9, 100] {
            #expect(merged.value(atPercentile: percentile) == whole.value(atPercentile: percentile))
        }
        #expect(merged.count == 50_000)
    }

    @Test func aSerialisedHistogramRestoresExactly() throws {
        var histogram = LatencyHistogram()
        for value in [1, 15, 999, 1_000, 2_047, 2_048, 123_456, 9_999_999, 3_600_000_000_000] as [UInt64] {
            histogram.recordMicroseconds(value / 1000 + 1, count: 3)
        }
        let data = try JSONEncoder().encode(histogram)
        let restored = try JSONDecoder().decode(LatencyHistogram.self, from: data)
        #expect(restored == histogram)
        #expect(restored.value(atPercentile: 99.9) == histogram.value(atPercentile: 99.9))
    }

    @Test func valuesBeyondAnHourAreClampedNotLost() {
        var histogram = LatencyHistogram()
        histogram.record(nanoseconds: 10 * 3_600_000_000_000)
        #expect(histogram.count == 1)
        #expect(histogram.max >= 3_599_000_000)
    }
}

/// A small deterministic generator, so randomised tests repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct StatusCountTests {
    @Test func statusCodesAreCountedAndMerged() {
        var one = StepMeasurements()
        var two = StepMeasurements()
        one.record(Sample(start: 0, end: 1_000, status: 200))
        one.record(Sample(start: 0, end: 1_000, error: .checkFailed, status: 503))
        two.record(Sample(start: 0, end: 1_000, status: 200))
        two.record(Sample(start: 0, end: 1_000))
        one.merge(two)
        #expect(one.statuses == [200: 2, 503: 1])
        let step = StepResult(
            step: MetricsLayout.Step(name: "get", protocolName: "http"),
            measurements: one,
            durationSeconds: 1,
            series: []
        )
        #expect(step.statuses == ["200": 2, "503": 1])
        let merged = StepResult.merge([step, step], durationSeconds: 1)
        #expect(merged.statuses == ["200": 4, "503": 2])
    }

    @Test func runsOfOneStatusCountTheSameAsEachAnswerCountedAlone() {
        // Statuses in runs, changing back and forth: the counts are exact whatever the order.
        let order: [UInt16] = [200, 200, 200, 404, 200, 503, 503, 200, 200, 404]
        var measured = StepMeasurements()
        var expected: [UInt16: UInt64] = [:]
        for status in order {
            measured.record(Sample(start: 0, end: 1_000, status: status))
            expected[status, default: 0] += 1
            #expect(measured.statuses == expected)
        }
        // Equality does not depend on how the counts are held.
        var rebuilt = StepMeasurements()
        for status in order.sorted() { rebuilt.record(Sample(start: 0, end: 1_000, status: status)) }
        #expect(rebuilt == measured)
        measured.reset()
        #expect(measured.statuses.isEmpty)
        measured.record(Sample(start: 0, end: 1_000, status: 200))
        #expect(measured.statuses == [200: 1])
        measured.statuses = [201: 5]
        measured.record(Sample(start: 0, end: 1_000, status: 201))
        #expect(measured.statuses == [201: 6])
    }
}
