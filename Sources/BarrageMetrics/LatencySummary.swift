/// The numbers people read off a latency histogram, in milliseconds.
public struct LatencySummary: Codable, Sendable, Equatable {
    /// Smallest value.
    public var min: Double
    /// Arithmetic mean.
    public var mean: Double
    /// Standard deviation.
    public var stddev: Double
    /// Largest value.
    public var max: Double
    /// Median.
    public var p50: Double
    /// 90th percentile.
    public var p90: Double
    /// 95th percentile.
    public var p95: Double
    /// 99th percentile.
    public var p99: Double
    /// 99.9th percentile.
    public var p999: Double

    /// Summarises `histogram` (µs) in milliseconds.
    public init(_ histogram: LatencyHistogram) {
        func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        min = ms(histogram.min)
        mean = histogram.mean / 1000
        stddev = histogram.standardDeviation / 1000
        max = ms(histogram.max)
        p50 = ms(histogram.value(atPercentile: 50))
        p90 = ms(histogram.value(atPercentile: 90))
        p95 = ms(histogram.value(atPercentile: 95))
        p99 = ms(histogram.value(atPercentile: 99))
        p999 = ms(histogram.value(atPercentile: 99.9))
    }
}
