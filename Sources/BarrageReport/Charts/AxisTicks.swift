import Foundation

/// Round tick positions for an axis: steps of 1, 2 or 5 times a power of ten (or clock-friendly steps).
enum AxisTicks {
    /// About `target` ticks from 0 (or `lower`) up to at least `upper`; the last tick is the axis's end.
    static func nice(lower: Double = 0, upper: Double, target: Int = 5) -> [Double] {
        let span = max(upper - lower, 1e-9)
        let rough = span / Double(max(target, 1))
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        return ticks(lower: lower, upper: upper, step: step)
    }

    /// Ticks for seconds on a clock: steps of 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min or hours.
    static func clock(upper: Double, target: Int = 8) -> [Double] {
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400]
        let step = steps.first { upper / $0 <= Double(target) } ?? (upper / Double(target)).rounded(.up)
        return ticks(lower: 0, upper: upper, step: step)
    }

    private static func ticks(lower: Double, upper: Double, step: Double) -> [Double] {
        let first = (lower / step).rounded(.down) * step
        var values: [Double] = []
        var index = 0.0
        while true {
            let value = first + index * step
            values.append(value)
            if value >= upper - step * 1e-9 || values.count > 1000 { break }
            index += 1
        }
        return values
    }
}
