import BarrageMetrics
import Foundation

/// history.csv: one row per step per second, in time order, like Locust's stats_history.csv.
///
/// Counts are exact; the per-second percentiles are those the run recorded for that second.
public enum HistoryCSV {
    /// The column names.
    public static let header: [String] = [
        "Timestamp", "Time", "Elapsed", "User Count", "Type", "Scenario", "Name", "Requests/s", "Failures/s",
        "Bytes Sent/s", "Bytes Received/s", "50%", "90%", "95%", "99%", "100%", "Average Response Time",
        "Total Request Count", "Total Failure Count",
    ]

    /// The table for `result`.
    public static func table(_ result: RunResult) -> CSVTable {
        var rows: [(t: Int64, order: Int, row: [String])] = []
        var order = 0
        for scenario in result.scenarios {
            let users = Dictionary(scenario.series.map { ($0.t / 1000, $0.activeVUs) }, uniquingKeysWith: +)
            for step in scenario.steps {
                var totalCount: UInt64 = 0
                var totalFailures: UInt64 = 0
                for point in step.series {
                    totalCount += point.count
                    totalFailures += point.failures
                    let row = [
                        String(point.t / 1000), ReportTime.rfc3339(unixMilliseconds: point.t),
                        CSVNumber.text(Double(point.t - result.startTimeUnixMs) / 1000),
                        String(users[point.t / 1000] ?? 0), step.protocolName, scenario.name, step.name,
                        String(point.count), String(point.failures), String(point.bytesSent),
                        String(point.bytesReceived), CSVNumber.text(point.p50), CSVNumber.text(point.p90),
                        CSVNumber.text(point.p95), CSVNumber.text(point.p99), CSVNumber.text(point.max),
                        CSVNumber.text(point.mean), String(totalCount), String(totalFailures),
                    ]
                    rows.append((point.t, order, row))
                }
                order += 1
            }
        }
        rows.sort { ($0.t, $0.order) < ($1.t, $1.order) }
        return CSVTable(header: header, rows: rows.map(\.row))
    }

    /// history.csv's bytes.
    public static func data(_ result: RunResult) -> Data { Data(table(result).text.utf8) }
}
