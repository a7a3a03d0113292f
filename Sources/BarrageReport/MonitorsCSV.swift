import BarrageMetrics
import Foundation

/// monitors.csv: one row per monitor series, line and second (a target's CPU and memory, a database's
/// connections), in time order; only the header when the run had no monitor.
public enum MonitorsCSV {
    /// The column names.
    public static let header = ["Timestamp", "Time", "Elapsed", "Source", "Series", "Unit", "Line", "Value"]

    /// The table for `result`.
    public static func table(_ result: RunResult) -> CSVTable {
        var rows: [(t: Int64, order: Int, row: [String])] = []
        for (order, series) in (result.monitors ?? []).enumerated() {
            for point in series.points {
                for line in point.values.keys.sorted() {
                    let row = [
                        String(point.t / 1000), ReportTime.rfc3339(unixMilliseconds: point.t),
                        CSVNumber.text(Double(point.t - result.startTimeUnixMs) / 1000), series.source, series.name,
                        series.unit, line, CSVNumber.text(point.values[line] ?? 0),
                    ]
                    rows.append((point.t, order, row))
                }
            }
        }
        // A stable sort keeps each series' lines in name order within a second.
        let ordered = rows.enumerated().sorted {
            ($0.element.t, $0.element.order, $0.offset) < ($1.element.t, $1.element.order, $1.offset)
        }
        return CSVTable(header: header, rows: ordered.map(\.element.row))
    }

    /// monitors.csv's bytes.
    public static func data(_ result: RunResult) -> Data { Data(table(result).text.utf8) }
}
