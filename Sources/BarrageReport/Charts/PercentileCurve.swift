import BarrageMetrics
import Foundation

/// The HDR percentile curve of a histogram: latency against percentile on a log scale of "nines".
///
/// x = log10(1 / (1 - q)), so 90% sits at 1, 99% at 2, 99.9% at 3. The curve stops where the sample count
/// can no longer resolve a percentile and ends at the maximum.
public enum PercentileCurve {
    /// The finest x step, in nines.
    static let step = 0.05
    /// The deepest percentile drawn: 99.9999%.
    static let deepestNines = 6.0

    /// The curve's points (x in nines, y in ms) computed from `histogram`'s buckets.
    public static func points(_ histogram: LatencyHistogram) -> [ChartPoint] {
        guard histogram.count > 0 else { return [] }
        let resolvable = min(log10(Double(histogram.count)), deepestNines)
        var points: [ChartPoint] = []
        var nines = 0.0
        while nines < resolvable {
            let percentile = (1 - pow(10, -nines)) * 100
            points.append(ChartPoint(x: nines, y: Double(histogram.value(atPercentile: percentile)) / 1000))
            nines += step
        }
        points.append(ChartPoint(x: max(resolvable, step), y: Double(histogram.max) / 1000))
        return points
    }
}
