import BarrageMetrics
import Foundation

/// stats.csv: one row per step and an `Aggregated` row, with the columns Locust users know.
///
/// Times are milliseconds, exact from each step's histogram; the aggregated row merges every histogram.
public enum StatsCSV {
    /// The percentiles given a column each, as in Locust's stats.csv.
    public static let percentiles: [Double] = [50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100]

    /// The column names.
    public static let header: [String] =
        [
            "Type", "Scenario", "Name", "Request Count", "Failure Count", "Error Rate", "Median Response Time",
            "Average Response Time", "Min Response Time", "Max Response Time", "Average Content Size",
            "Requests/s", "Failures/s", "Bytes Sent", "Bytes Received",
        ] + percentiles.map(PercentileLabel.column)

    /// The table for `result`.
    public static func table(_ result: RunResult) -> CSVTable {
        var rows: [[String]] = []
        var total = StepTotals()
        for (scenario, step) in result.allSteps {
            rows.append(
                row(
                    type: step.protocolName,
                    scenario: scenario,
                    name: step.name,
                    totals: StepTotals(step),
                    duration: result.durationSeconds
                )
            )
            total.add(step)
        }
        rows.append(row(type: "", scenario: "", name: "Aggregated", totals: total, duration: result.durationSeconds))
        return CSVTable(header: header, rows: rows)
    }

    /// stats.csv's bytes.
    public static func data(_ result: RunResult) -> Data { Data(table(result).text.utf8) }

    private static func row(
        type: String,
        scenario: String,
        name: String,
        totals: StepTotals,
        duration: Double
    )
        -> [String]
    {
        let histogram = totals.histogram
        let count = Double(totals.count)
        let perSecond = { (value: UInt64) in duration > 0 ? Double(value) / duration : 0 }
        let ms = { (micros: UInt64) in CSVNumber.text(Double(micros) / 1000) }
        return [
            type, scenario, name, String(totals.count), String(totals.failures),
            CSVNumber.text(count == 0 ? 0 : Double(totals.failures) / count),
            ms(histogram.value(atPercentile: 50)), CSVNumber.text(histogram.mean / 1000), ms(histogram.min),
            ms(histogram.max), CSVNumber.text(count == 0 ? 0 : Double(totals.bytesReceived) / count),
            CSVNumber.text(perSecond(totals.count)), CSVNumber.text(perSecond(totals.failures)),
            String(totals.bytesSent), String(totals.bytesReceived),
        ] + percentiles.map { ms($0 == 100 ? histogram.max : histogram.value(atPercentile: $0)) }
    }
}
