/// The counts of an HDR histogram of `UInt64` values from 1 to one hour in µs at three significant digits,
/// written for `UInt64` counts only.
///
/// Why not hdrhistogram-swift's `Histogram` directly: it is generic over its count type, and outside its
/// module its per-second work (reset, percentiles, iteration) runs unspecialised, through witness tables for
/// every counter: measured at 4–5% of the HTTP client's CPU under load (perf, 50 keep-alive connections).
/// This type keeps the same bucket layout and the same definitions (Gil Tene's HdrHistogram: 2,048
/// sub-buckets, so values up to 2,047 are exact and larger ones keep three significant digits), so
/// serialised results are unchanged and a test checks it against that library value for value.
@usableFromInline
struct HDRCounts: Sendable {
    /// log2 of half the sub-bucket count: 1,024 sub-buckets in each bucket after the first.
    @usableFromInline static let subBucketHalfCountMagnitude = 10
    @usableFromInline static let subBucketHalfCount = 1 << subBucketHalfCountMagnitude
    @usableFromInline static let subBucketCount = subBucketHalfCount * 2
    @usableFromInline static let subBucketMask = UInt64(subBucketCount - 1)
    /// 64 minus the bits of the largest value of bucket 0.
    @usableFromInline static let leadingZeroCountBase = 64 - (subBucketHalfCountMagnitude + 1)

    /// The number of counters covering 1…`highest`.
    static func countsLength(highest: UInt64) -> Int {
        var smallestUntrackable = UInt64(subBucketCount)
        var buckets = 1
        while smallestUntrackable <= highest {
            smallestUntrackable <<= 1
            buckets += 1
        }
        return (buckets + 1) * subBucketHalfCount
    }

    @usableFromInline var counts: [UInt64]
    @usableFromInline var totalCount: UInt64 = 0
    /// The largest value recorded, as recorded.
    @usableFromInline var maxValue: UInt64 = 0
    /// The smallest non-zero value recorded, as recorded (`UInt64.max` when none).
    @usableFromInline var minNonZeroValue: UInt64 = .max

    /// Empty counts for values up to `highest`.
    init(highest: UInt64) {
        counts = [UInt64](repeating: 0, count: Self.countsLength(highest: highest))
    }

    @inlinable
    static func bucketIndex(_ value: UInt64) -> Int {
        leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
    }

    @inlinable
    static func countsIndex(_ value: UInt64) -> Int {
        let bucket = bucketIndex(value)
        let subBucket = Int(truncatingIfNeeded: value >> UInt64(bucket))
        return ((bucket + 1) << subBucketHalfCountMagnitude) + (subBucket - subBucketHalfCount)
    }

    /// The lowest value of counter `index`'s range.
    static func valueFromIndex(_ index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            subBucket -= subBucketHalfCount
            bucket = 0
        }
        return UInt64(subBucket) << UInt64(bucket)
    }

    /// How many values share `value`'s counter.
    static func sizeOfEquivalentRange(_ value: UInt64) -> UInt64 {
        let bucket = bucketIndex(value)
        let subBucket = Int(truncatingIfNeeded: value >> UInt64(bucket))
        return 1 << UInt64(subBucket >= subBucketCount ? bucket + 1 : bucket)
    }

    /// The lowest value that shares `value`'s counter.
    static func lowestEquivalent(_ value: UInt64) -> UInt64 {
        let bucket = bucketIndex(value)
        return (value >> UInt64(bucket)) << UInt64(bucket)
    }

    /// The highest value that shares `value`'s counter.
    static func highestEquivalent(_ value: UInt64) -> UInt64 {
        lowestEquivalent(value) &+ sizeOfEquivalentRange(value) &- 1
    }

    /// The middle of `value`'s counter's range.
    static func medianEquivalent(_ value: UInt64) -> UInt64 {
        lowestEquivalent(value) &+ (sizeOfEquivalentRange(value) >> 1)
    }

    /// Adds `count` to `value`'s counter; `value` must be within the covered range.
    @inlinable
    mutating func record(_ value: UInt64, count: UInt64) {
        let index = Self.countsIndex(value)
        // Only a trimmed copy (a per-second snapshot) can be shorter than the range.
        if index >= counts.count { extend(to: index + 1) }
        counts.withUnsafeMutableBufferPointer { $0[index] &+= count }
        totalCount &+= count
        if value > maxValue { maxValue = value }
        if value < minNonZeroValue, value != 0 { minNonZeroValue = value }
    }

    /// Adds every counter of `other`.
    mutating func add(_ other: HDRCounts) {
        let used = Swift.min(other.highestUsedIndex + 1, other.counts.count)
        if used > counts.count { extend(to: used) }
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                for index in 0..<used { mine[index] &+= theirs[index] }
            }
        }
        totalCount &+= other.totalCount
        maxValue = Swift.max(maxValue, other.maxValue)
        minNonZeroValue = Swift.min(minNonZeroValue, other.minNonZeroValue)
    }

    /// Zeroes every counter, keeping the storage. Only the counters between the smallest and the largest value
    /// recorded can be non-zero (and the one for 0): only those are written.
    mutating func reset() {
        guard totalCount > 0 else { return }
        let lowest = minNonZeroValue == .max ? 0 : Self.countsIndex(minNonZeroValue)
        let highest = highestUsedIndex
        counts.withUnsafeMutableBufferPointer { buffer in
            buffer[0] = 0
            if lowest <= highest { UnsafeMutableBufferPointer(rebasing: buffer[lowest...highest]).update(repeating: 0) }
        }
        totalCount = 0
        maxValue = 0
        minNonZeroValue = .max
    }

    /// The index of the highest counter that can be non-zero (-1 when nothing was recorded).
    var highestUsedIndex: Int { totalCount == 0 ? -1 : Self.countsIndex(maxValue) }

    /// The same counts in storage of its own that ends at the highest counter in use: what a per-second snapshot
    /// carries. The worker then resets its own storage in place: no copy-on-write of the whole range (188 KB per
    /// histogram) every second on the worker's thread.
    func trimmedCopy() -> HDRCounts {
        var copy = self
        copy.counts = Array(counts.prefix(Swift.max(1, highestUsedIndex + 1)))
        return copy
    }

    /// Appends zeroed counters up to `length` (a trimmed copy that is added to or recorded into).
    @usableFromInline
    mutating func extend(to length: Int) {
        counts.append(contentsOf: repeatElement(0, count: length - counts.count))
    }

    /// The smallest value recorded (0 when empty).
    var min: UInt64 { counts[0] > 0 || totalCount == 0 ? 0 : minNonZeroValue }

    /// The highest equivalent of the largest value recorded (0 when empty).
    var max: UInt64 { maxValue == 0 ? 0 : Self.highestEquivalent(maxValue) }

    /// The value below or at which `percentile`% of the recorded values lie: the highest equivalent of that
    /// counter, kept within the recorded min and max.
    func value(atPercentile percentile: Double) -> UInt64 {
        guard percentile != 0 else { return min }
        guard percentile < 100 else { return maxValue }
        let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
        let wanted = Swift.max(1, UInt64((requested * Double(totalCount) / 100).rounded(.up)))
        return counts.withUnsafeBufferPointer { buffer in
            var running: UInt64 = 0
            for index in 0..<buffer.count {
                running &+= buffer[index]
                if running >= wanted {
                    let value = Self.highestEquivalent(Self.valueFromIndex(index))
                    return Swift.max(Swift.min(value, maxValue), min)
                }
            }
            return 0
        }
    }

    /// Calls `body` with each non-empty counter: its highest equivalent value and its count, in value order.
    func forEachRecorded(_ body: (UInt64, UInt64) -> Void) {
        guard totalCount > 0 else { return }
        counts.withUnsafeBufferPointer { buffer in
            var seen: UInt64 = 0
            for index in 0..<buffer.count where buffer[index] != 0 {
                body(Self.highestEquivalent(Self.valueFromIndex(index)), buffer[index])
                seen &+= buffer[index]
                if seen >= totalCount { break }
            }
        }
    }

    /// The mean of the recorded values (each counted at its counter's middle value).
    var mean: Double {
        guard totalCount > 0 else { return 0 }
        var total = 0.0
        forEachRecorded { value, count in total += Double(Self.medianEquivalent(value)) * Double(count) }
        return total / Double(totalCount)
    }

    /// The standard deviation of the recorded values (each at its counter's middle value).
    var standardDeviation: Double {
        guard totalCount > 0 else { return 0 }
        let mean = mean
        var total = 0.0
        forEachRecorded { value, count in
            let deviation = Double(Self.medianEquivalent(value)) - mean
            total += deviation * deviation * Double(count)
        }
        return (total / Double(totalCount)).squareRoot()
    }
}
