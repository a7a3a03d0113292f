import Foundation
import Histogram
import Testing

@testable import BarrageMetrics

/// LatencyHistogram's own HDR counts against hdrhistogram-swift with the same layout (1 µs to one hour, three
/// digits): the same buckets, min, max, mean, deviation and percentiles for random data of several shapes.
struct HDRCountsTests {
    static let percentiles: [Double] = [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100]

    @Test(arguments: [UInt64(1), 7, 42, 1234])
    func everyStatisticMatchesTheReferenceLibrary(seed: UInt64) {
        var random = SplitMix(state: seed)
        var mine = LatencyHistogram()
        var reference = Histogram<UInt64>(
            lowestDiscernibleValue: 1,
            highestTrackableValue: LatencyHistogram.highestTrackableMicroseconds,
            numberOfSignificantValueDigits: .three
        )
        for index in 0..<20_000 {
            // Log-uniform from 1 µs to ~1 h, with some exact small values and repeats.
            let exponent = Double(random.next() % 10_000) / 10_000 * 21.7
            var value = UInt64(max(1, min(exp2(exponent), Double(LatencyHistogram.highestTrackableMicroseconds))))
            if index % 7 == 0 { value = random.next() % 3000 + 1 }
            let count = index % 13 == 0 ? random.next() % 5 + 1 : 1
            mine.recordMicroseconds(value, count: count)
            reference.record(value, count: count)
        }
        #expect(mine.count == reference.totalCount)
        #expect(mine.min == reference.min)
        #expect(mine.max == reference.max)
        #expect(abs(mine.mean - reference.mean) <= reference.mean * 1e-12)
        #expect(abs(mine.standardDeviation - reference.stdDeviation) <= reference.stdDeviation * 1e-9)
        for percentile in Self.percentiles {
            #expect(mine.value(atPercentile: percentile) == reference.valueAtPercentile(percentile), "p\(percentile)")
        }
        let referenceBuckets = reference.recordedValues().map { ($0.value, UInt64($0.count)) }
        #expect(mine.buckets.elementsEqual(referenceBuckets, by: { $0 == $1 }))
    }

    @Test func mergingAndResettingBehaveLikeRecordingEverything() {
        var first = LatencyHistogram()
        var second = LatencyHistogram()
        var both = LatencyHistogram()
        for value in stride(from: UInt64(1), to: 5_000_000, by: 997) {
            if value % 2 == 0 { first.recordMicroseconds(value) } else { second.recordMicroseconds(value) }
            both.recordMicroseconds(value)
        }
        first.merge(second)
        #expect(first == both)
        #expect(first.value(atPercentile: 99) == both.value(atPercentile: 99))
        first.reset()
        #expect(first.count == 0)
        #expect(first.value(atPercentile: 50) == 0)
        #expect(first.buckets.isEmpty)
    }

    @Test func aTrimmedCopyHoldsTheSameCountsInShorterStorageOfItsOwn() {
        var original = LatencyHistogram()
        for value in [UInt64(0), 3, 250, 9_999, 48_000] { original.recordMicroseconds(value, count: value % 5 + 1) }
        let copy = original.trimmedCopy()
        #expect(copy == original)
        #expect(copy.value(atPercentile: 99) == original.value(atPercentile: 99))
        #expect(copy.histogram.counts.count == HDRCounts.countsIndex(48_000) + 1)
        #expect(copy.histogram.counts.count < original.histogram.counts.count)
        #expect(LatencyHistogram().trimmedCopy().histogram.counts.count == 1)

        // Added to, or recorded into, a trimmed copy grows as far as it needs.
        var grown = copy
        grown.recordMicroseconds(3_000_000)
        var wider = LatencyHistogram()
        wider.recordMicroseconds(2_000_000_000)
        var merged = copy
        merged.merge(wider.trimmedCopy())
        var expected = original
        expected.merge(wider)
        #expect(merged == expected)
        #expect(merged.max == expected.max)
        #expect(grown.count == original.count + 1)
        #expect(grown.max == HDRCounts.highestEquivalent(3_000_000))
    }

    @Test func resetZeroesEveryCounterItUsedAndTheHistogramIsReusable() {
        var histogram = LatencyHistogram()
        var random = SplitMix(state: 99)
        for _ in 0..<5_000 { histogram.recordMicroseconds(random.next() % 3_600_000_000 + 1) }
        histogram.recordMicroseconds(0)
        histogram.reset()
        #expect(histogram.histogram.counts.allSatisfy { $0 == 0 })
        #expect(histogram.count == 0 && histogram.buckets.isEmpty)
        histogram.recordMicroseconds(1_234)
        #expect(histogram.count == 1)
        #expect(histogram.value(atPercentile: 50) == histogram.max)
    }

    /// A small deterministic generator.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
