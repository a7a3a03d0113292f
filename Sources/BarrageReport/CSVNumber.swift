import Foundation

/// Numbers in CSV: plain, `.` as decimal separator, at most three decimals, no grouping.
enum CSVNumber {
    static func text(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// Percentile column names: `50%`, `99.9%`, `100%`.
enum PercentileLabel {
    static func column(_ percentile: Double) -> String { CSVNumber.text(percentile) + "%" }
}
