import BarrageMetrics
import Foundation
import Testing

@testable import BarrageReport

@Suite struct MonitorReportTests {
    /// The shared result with two monitor series of ten seconds each.
    static func monitored() -> RunResult {
        var result = ResultFactory.shared
        let start = result.startTimeUnixMs
        result.monitors = [
            MonitorSeries(
                name: "connections",
                unit: "connections",
                source: "postgres host=127.0.0.1 port=5432",
                points: (0..<10).map { MonitorPoint(t: start + Int64($0) * 1000, values: ["active": 3, "idle": 5]) }
            ),
            MonitorSeries(
                name: "transactions",
                unit: "per second",
                source: "postgres host=127.0.0.1 port=5432",
                points: (0..<10).map {
                    MonitorPoint(t: start + Int64($0) * 1000, values: ["commits": Double(100 * $0), "rollbacks": 0])
                }
            ),
        ]
        return result
    }

    @Test func everyMonitorSeriesIsAChartWithALinePerValueName() throws {
        let charts = ReportCharts(Self.monitored())
        #expect(charts.monitors.count == 2)
        #expect(charts.monitors[0].series.map(\.name) == ["active", "idle"])
        #expect(charts.monitors[1].series.map(\.name) == ["commits", "rollbacks"])
        #expect(charts.monitors[1].series[0].points.map(\.y) == (0..<10).map { Double(100 * $0) })
        #expect(charts.monitors[1].series[0].points.map(\.x) == (0..<10).map(Double.init))
        #expect(charts.monitors[1].yUnit == "per second")

        let html = try HTMLReport.html(Self.monitored())
        #expect(html.contains("<section id=\"monitors\">"))
        #expect(html.contains("data-chart=\"monitor-0\""))
        #expect(html.contains("data-chart=\"monitor-1\""))
    }

    @Test func aResultWithoutMonitorsHasNoMonitorSection() throws {
        let html = try HTMLReport.html(ResultFactory.shared)
        #expect(!html.contains("id=\"monitors\""))
        #expect(ReportCharts(ResultFactory.shared).monitors.isEmpty)
    }

    @Test func monitorsRoundTripThroughJSONAndConformToTheSchema() throws {
        let result = Self.monitored()
        let decoded = try JSONDecoder().decode(RunResult.self, from: try result.jsonData())
        #expect(decoded == result)
        let folder = try TemporaryFolder()
        let path = folder.path("result.json")
        try result.write(to: path)
        let outcome = try ResultSchemaTests.validate(path)
        #expect(outcome.status == 0, "\(outcome.output)")

        var document = try #require(try JSONSerialization.jsonObject(with: try result.jsonData()) as? [String: Any])
        document["monitors"] = [
            ["name": "x", "unit": "u", "source": "s", "points": [["t": 1, "values": ["a": "many"]]]]
        ]
        let broken = folder.path("broken.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: broken))
        #expect(try ResultSchemaTests.validate(broken).status != 0)
    }

    @Test func mergingKeepsEveryPartsMonitorSeriesSideBySide() throws {
        let plain = ResultFactory.shared
        let monitored = Self.monitored()
        #expect(try RunResult.merge([plain, plain]).monitors == nil)
        let merged = try RunResult.merge([monitored, plain, monitored])
        #expect(merged.monitors == monitored.monitors! + monitored.monitors!)
    }
}
