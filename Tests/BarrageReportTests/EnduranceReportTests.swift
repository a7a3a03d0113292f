import BarrageMetrics
import Foundation
import Testing

@testable import BarrageReport

/// The endurance analysis and monitor series in every report: HTML, Markdown, CSV, the schema and compare.
@Suite struct EnduranceReportTests {
    /// The monitored shared result with an endurance analysis whose limits make ten seconds enough to judge.
    static func analysed() -> RunResult {
        var result = MonitorReportTests.monitored()
        let limits = EnduranceLimits(warmupSeconds: 1, minDurationSeconds: 5, minPoints: 5)
        result.endurance = EnduranceAnalysis.analyse(result, limits: limits)
        return result
    }

    @Test func theAnalysisConformsToTheSchemaAndRoundTrips() throws {
        let result = Self.analysed()
        let endurance = try #require(result.endurance)
        #expect(endurance.signals.contains { $0.kind == .latency })
        #expect(endurance.signals.contains { $0.name == "connections.idle" && $0.kind == .connections })
        #expect(endurance.signals.contains { $0.name == "transactions.commits" && $0.kind == .monitor })
        let decoded = try JSONDecoder().decode(RunResult.self, from: try result.jsonData())
        #expect(decoded == result)
        let folder = try TemporaryFolder()
        let path = folder.path("result.json")
        try result.write(to: path)
        let outcome = try ResultSchemaTests.validate(path)
        #expect(outcome.status == 0, "\(outcome.output)")

        var document = try #require(try JSONSerialization.jsonObject(with: try result.jsonData()) as? [String: Any])
        document["endurance"] = ["verdict": "sideways"]
        let broken = folder.path("broken.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: broken))
        #expect(try ResultSchemaTests.validate(broken).status != 0)
    }

    @Test func htmlShowsTheVerdictEverySignalAndAFittedLinePerStep() throws {
        let result = Self.analysed()
        let html = try HTMLReport.html(result)
        #expect(html.contains("<section id=\"endurance\">"))
        #expect(html.contains("transactions.commits"))
        let charts = ReportCharts(result)
        #expect(charts.latencyTrends.count == result.allSteps.count)
        #expect(charts.latencyTrends[0].series.map(\.name) == ["p95", "fit"])
        #expect(charts.latencyTrends[0].series[1].dashed)
        #expect(charts.latencyTrends[0].series[1].points.count == 2)
        #expect(html.contains("data-chart=\"endurance-0\""))
        let plain = try HTMLReport.html(ResultFactory.shared)
        #expect(!plain.contains("id=\"endurance\""))
    }

    @Test func markdownHasTheVerdictAndTheMonitorTable() {
        let text = MarkdownSummary.text(Self.analysed())
        #expect(text.contains("**Endurance: "))
        #expect(text.contains("| `connections.idle` | postgres host=127.0.0.1 port=5432 |"))
        #expect(
            text.contains(
                "| postgres host=127.0.0.1 port=5432 | transactions | commits | per second | 0 | 450 | 900 | 900 |"
            )
        )
        #expect(!MarkdownSummary.text(ResultFactory.shared).contains("Endurance"))
    }

    @Test func csvFilesHoldEveryMonitorPointAndEverySignal() throws {
        let result = Self.analysed()
        let monitors = CSVParser.parse(MonitorsCSV.table(result).text)
        #expect(monitors.first == MonitorsCSV.header)
        // Two series of two lines over ten seconds.
        #expect(monitors.count == 1 + 40)
        #expect(
            monitors[1] == [
                "1764000000", "2025-11-24T16:00:00Z", "0", "postgres host=127.0.0.1 port=5432", "connections",
                "connections", "active", "3",
            ]
        )
        let endurance = CSVParser.parse(EnduranceCSV.table(result).text)
        #expect(endurance.first == EnduranceCSV.header)
        #expect(endurance[1][0] == "overall" && endurance[1][13] == result.endurance?.verdict.rawValue)
        #expect(endurance.count == 2 + (result.endurance?.signals.count ?? 0))
        #expect(MonitorsCSV.table(ResultFactory.shared).rows.isEmpty)
        #expect(EnduranceCSV.table(ResultFactory.shared).rows.isEmpty)
    }

    @Test func compareListsMonitorSeriesMatchedAcrossProcessIDs() {
        var baseline = MonitorReportTests.monitored()
        var current = baseline
        baseline.monitors?.append(
            MonitorSeries(
                name: "memory",
                unit: "MiB",
                source: "process 100 (server)",
                points: [
                    MonitorPoint(t: baseline.startTimeUnixMs, values: ["rss": 100])
                ]
            )
        )
        current.monitors?.append(
            MonitorSeries(
                name: "memory",
                unit: "MiB",
                source: "process 200 (server)",
                points: [
                    MonitorPoint(t: current.startTimeUnixMs, values: ["rss": 150])
                ]
            )
        )
        let comparison = ResultComparison(baseline: baseline, current: current, maxRegression: 0.1)
        let memory = comparison.monitors.lines.first { $0.name == "memory.rss" }
        #expect(memory?.baselineMean == 100 && memory?.currentMean == 150)
        #expect(memory?.change == 0.5)
        #expect(comparison.monitors.onlyInBaseline.isEmpty && comparison.monitors.onlyInCurrent.isEmpty)
        #expect(comparison.lines.contains { $0.contains("memory.rss") && $0.contains("+50.0%") })
        // Listed, not judged.
        #expect(!comparison.hasRegression)
    }
}
