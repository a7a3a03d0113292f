import Foundation

/// How an axis labels its ticks.
public enum AxisFormat: Sendable {
    /// Plain numbers, compacted: `250`, `1.5k`, `2M`.
    case number
    /// Seconds on a run's clock: `0:30`, `1:02:00`.
    case clock
    /// Percentile "nines": 0 → `0%`, 1 → `90%`, 2 → `99%`, 3 → `99.9%`.
    case nines

    /// The label of `value`.
    func label(_ value: Double) -> String {
        switch self {
        case .number: return Self.compact(value)
        case .clock: return ReportNumber.clock(value)
        case .nines:
            let percentile = (1 - pow(10, -value)) * 100
            return CSVNumber.text((percentile * 10_000).rounded() / 10_000) + "%"
        }
    }

    private static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000_000 { return CSVNumber.text((value / 1_000_000 * 100).rounded() / 100) + "M" }
        if magnitude >= 1000 { return CSVNumber.text((value / 1000 * 100).rounded() / 100) + "k" }
        return CSVNumber.text((value * 1000).rounded() / 1000)
    }
}
