/// Thins a series for drawing while keeping its shape: each bucket of consecutive points keeps its lowest
/// and highest point, so spikes and dips survive. Numbers in tables never come from thinned data.
enum Downsampler {
    /// At most `limit` points of `points` (which are in increasing x), with every bucket's extremes.
    static func minMax(_ points: [ChartPoint], limit: Int) -> [ChartPoint] {
        guard points.count > limit, limit >= 4 else { return points }
        let buckets = limit / 2
        var result: [ChartPoint] = []
        result.reserveCapacity(buckets * 2)
        for bucket in 0..<buckets {
            let lower = bucket * points.count / buckets
            let upper = (bucket + 1) * points.count / buckets
            guard lower < upper else { continue }
            let slice = points[lower..<upper]
            let low = slice.indices.min { points[$0].y < points[$1].y }!
            let high = slice.indices.max { points[$0].y < points[$1].y }!
            result.append(points[min(low, high)])
            if low != high { result.append(points[max(low, high)]) }
        }
        return result
    }
}
