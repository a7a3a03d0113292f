import Foundation

/// Trend figures as people read them: `412 ms/h`, `12.5 MiB/h`, `+0.8 pp/h` for an error rate. Shared by the
/// analysis's reasons, the console summary and the reports, so each says the same thing the same way.
public enum TrendText {
    /// `value` in `unit`, e.g. `412 ms`, `12.5 MiB` (bytes are shown in MiB), `0.8 pp` (a ratio, in percentage
    /// points).
    public static func amount(_ value: Double, unit: String) -> String {
        switch unit {
        case "bytes": "\(number(value / 1_048_576)) MiB"
        case "ratio": "\(number(value * 100)) pp"
        case "ms": "\(number(value)) ms"
        case "% of one core": "\(number(value))% of a core"
        default: "\(number(value)) \(unit)"
        }
    }

    /// `value` per hour, e.g. `412 ms/h`.
    public static func rate(_ value: Double, unit: String) -> String { amount(value, unit: unit) + "/h" }

    /// A limit as configured: `10%/h` for a relative one, otherwise an amount per hour.
    public static func limit(_ limit: TrendLimit, unit: String) -> String {
        limit.relative ? "\(number(limit.perHour))%/h" : rate(limit.perHour, unit: unit)
    }

    /// A signed percentage: `+12.5%`, `-3.1%`.
    public static func change(percent value: Double) -> String { (value >= 0 ? "+" : "") + number(value) + "%" }

    /// A number with about three significant digits and no exponent: `412`, `41.2`, `4.12`, `0.412`, `0`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        let magnitude = abs(value)
        let text: String
        switch magnitude {
        case 0: return "0"
        case 100...: text = String(format: "%.0f", value)
        case 10..<100: text = String(format: "%.1f", value)
        case 1..<10: text = String(format: "%.2f", value)
        case 0.001..<1: text = String(format: "%.3f", value)
        default: text = String(format: "%.2g", value)
        }
        return text == "-0" || text == "-0.0" || text == "-0.00" || text == "-0.000" ? "0" : text
    }
}
