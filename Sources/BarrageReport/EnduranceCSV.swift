import BarrageMetrics
import Foundation

/// endurance.csv: the endurance analysis, one row for the run's verdict then one per signal with its fitted
/// trend (per hour, 95% confidence interval), its limit and verdict; only the header when the run had none.
public enum EnduranceCSV {
    /// The column names.
    public static let header = [
        "Signal", "Scope", "Kind", "Unit", "Points", "Start", "End", "Slope/h", "Slope Low/h", "Slope High/h",
        "Change %/h", "Limit/h", "Limit", "Verdict", "Reason",
    ]

    /// The table for `result`.
    public static func table(_ result: RunResult) -> CSVTable {
        guard let endurance = result.endurance else { return CSVTable(header: header) }
        let window =
            "window \(CSVNumber.text(endurance.windowStartSeconds))-\(CSVNumber.text(endurance.windowEndSeconds)) s"
        var rows = [["overall", "run", "", "", "", "", "", "", "", "", "", "", "", endurance.verdict.rawValue, window]]
        for signal in endurance.signals {
            rows.append([
                signal.name, signal.scope, signal.kind.rawValue, signal.unit, String(signal.points),
                number(signal.startLevel), number(signal.endLevel), number(signal.slopePerHour),
                number(signal.slopeLowPerHour), number(signal.slopeHighPerHour), number(signal.changePercentPerHour),
                number(signal.limitPerHour), signal.limitText, signal.verdict.rawValue, signal.reason,
            ])
        }
        return CSVTable(header: header, rows: rows)
    }

    /// endurance.csv's bytes.
    public static func data(_ result: RunResult) -> Data { Data(table(result).text.utf8) }

    /// A number with its small values kept (an error rate's slope is often below 0.001), empty when absent.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return abs(value) >= 0.001 || value == 0 ? CSVNumber.text(value) : String(value)
    }
}
