/// An HDR histogram of durations in microseconds, 1 µs to one hour at three significant digits.
///
/// Every histogram in Barrage has this one configuration, so any two merge exactly and a serialised one
/// restores to the same buckets. Its storage is allocated once; recording never allocates.
public struct LatencyHistogram: Sendable, Equatable {
    /// The largest value recorded as itself; longer durations are clamped to it (one hour, in µs).
    public static let highestTrackableMicroseconds: UInt64 = 3_600_000_000

    @usableFromInline var histogram: HDRCounts

    /// An empty histogram.
    public init() {
        histogram = HDRCounts(highest: Self.highestTrackableMicroseconds)
    }

    /// Records one duration given in nanoseconds.
    @inlinable
    public mutating func record(nanoseconds: UInt64) {
        recordMicroseconds(nanoseconds / 1000)
    }

    /// Records one duration given in microseconds (clamped to the trackable range).
    @inlinable
    public mutating func recordMicroseconds(_ value: UInt64, count: UInt64 = 1) {
        let clamped = Swift.min(Swift.max(value, 1), Self.highestTrackableMicroseconds)
        histogram.record(clamped, count: count)
    }

    /// Adds every count of `other` to this one.
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        histogram.add(other.histogram)
    }

    /// Forgets every value, keeping the storage.
    public mutating func reset() { histogram.reset() }

    /// The same histogram in storage of its own, no longer than its largest value needs (see
    /// `HDRCounts.trimmedCopy()`): what a per-second snapshot takes before the recorder resets.
    func trimmedCopy() -> LatencyHistogram {
        var copy = self
        copy.histogram = histogram.trimmedCopy()
        return copy
    }

    /// How many values were recorded.
    public var count: UInt64 { histogram.totalCount }
    /// The smallest recorded value in µs (0 when empty).
    public var min: UInt64 { count == 0 ? 0 : histogram.min }
    /// The largest recorded value in µs (its bucket's highest equivalent value).
    public var max: UInt64 { count == 0 ? 0 : histogram.max }
    /// The mean in µs.
    public var mean: Double { count == 0 ? 0 : histogram.mean }
    /// The standard deviation in µs.
    public var standardDeviation: Double { count == 0 ? 0 : histogram.standardDeviation }

    /// The value at `percentile` (0...100) in µs.
    public func value(atPercentile percentile: Double) -> UInt64 {
        count == 0 ? 0 : histogram.value(atPercentile: percentile)
    }

    /// The non-empty buckets as (value, count) pairs, value being each bucket's highest equivalent value.
    ///
    /// Recording each pair back into an empty histogram restores this one exactly: that is the serialised form.
    public var buckets: [(value: UInt64, count: UInt64)] {
        var result: [(value: UInt64, count: UInt64)] = []
        histogram.forEachRecorded { value, count in result.append((value, count)) }
        return result
    }

    public static func == (lhs: LatencyHistogram, rhs: LatencyHistogram) -> Bool {
        lhs.count == rhs.count && lhs.buckets.elementsEqual(rhs.buckets, by: { $0 == $1 })
    }
}

extension LatencyHistogram: Codable {
    /// Encoded as a flat array `[value, count, value, count, …]` of its non-empty buckets (values in µs).
    public init(from decoder: any Decoder) throws {
        self.init()
        var container = try decoder.unkeyedContainer()
        while !container.isAtEnd {
            let value = try container.decode(UInt64.self)
            guard !container.isAtEnd else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "histogram buckets must come in value, count pairs"
                )
            }
            let count = try container.decode(UInt64.self)
            recordMicroseconds(value, count: count)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for bucket in buckets {
            try container.encode(bucket.value)
            try container.encode(bucket.count)
        }
    }
}
