import BarrageMetrics
import Foundation
import Testing

@testable import BarrageReport

/// Renders report.html in headless Chromium: it must load with no console message and draw data in every chart.
@Suite(.serialized) struct BrowserRenderingTests {
    @Test func theReportOfAnHourLongRunLoadsInChromiumWithoutConsoleErrorsAndEveryChartHasData() throws {
        guard let chromium = HeadlessChromium.require() else { return }
        let folder = try TemporaryFolder()
        let result = ResultFactory.hourLong()
        let page = folder.path("report.html")
        try HTMLReport.data(result).write(to: URL(fileURLWithPath: page))

        let png = folder.path("report.png")
        let shot = try chromium.screenshot(page, to: png, width: 1400, height: 6000, profile: folder.path("profile-1"))
        #expect(shot.status == 0, "\(shot.stderr.suffix(2000))")
        #expect(shot.consoleMessages.isEmpty, "console: \(shot.consoleMessages)")
        let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        #expect(size > 50_000, "the screenshot is suspiciously small (\(size) bytes)")
        if let keep = ProcessInfo.processInfo.environment["BARRAGE_KEEP_REPORT_PNG"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: png, toPath: keep)
        }

        let dom = try chromium.dumpDOM(page, profile: folder.path("profile-2"))
        #expect(dom.consoleMessages.isEmpty, "console: \(dom.consoleMessages)")
        let charts = ChartCensus(dom: dom.stdout)
        let lineCharts =
            ["requests", "errors", "vus", "distribution", "cpu", "memory"]
            + result.allSteps.indices.map { "latency-\($0)" }
        for chart in lineCharts {
            let points = charts.polylinePoints[chart] ?? []
            #expect(!points.isEmpty, "chart \(chart) has no line")
            #expect(points.allSatisfy { $0 > 1 && $0 <= LineChart.pointLimit }, "chart \(chart): \(points)")
        }
        for chart in ["error-kinds", "phases"] {
            #expect((charts.barWidths[chart] ?? []).contains { $0 > 0 }, "chart \(chart) has no bar")
        }
    }

    @Test func theConsoleCheckCatchesAPageThatLogsAnErrorOrLoadsSomethingRemote() throws {
        guard let chromium = HeadlessChromium.require() else { return }
        let folder = try TemporaryFolder()
        let page = folder.path("broken.html")
        let html = """
            <!DOCTYPE html><html><head>
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            </head><body><img src="https://example.invalid/x.png"></body></html>
            """
        try Data(html.utf8).write(to: URL(fileURLWithPath: page))
        let load = try chromium.dumpDOM(page, profile: folder.path("profile"))
        #expect(!load.consoleMessages.isEmpty)
    }
}
