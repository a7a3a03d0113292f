import BarrageMetrics
import Foundation
import Testing

@testable import BarrageReport

@Suite struct HTMLReportTests {
    @Test func theReportIsSelfContainedWithNoScriptStylesheetFontOrRemoteReference() throws {
        let html = try HTMLReport.html(ResultFactory.shared)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        let references = html.matches(of: /(?:src|href)\s*=/)
        #expect(references.isEmpty)
        let remote = html.matches(of: /https?:\/\/[^"\s<]*/).map { String($0.output) }
        #expect(remote.allSatisfy { $0 == "http://www.w3.org/2000/svg" })
    }

    @Test func everyChartSectionIsPresentForARunWithFailuresAndPhases() throws {
        let result = ResultFactory.shared
        let html = try HTMLReport.html(result)
        for chart in ["requests", "errors", "vus", "distribution", "cpu", "memory", "error-kinds", "phases"] {
            #expect(html.contains("data-chart=\"\(chart)\""), "missing chart \(chart)")
        }
        for index in result.allSteps.indices {
            #expect(html.contains("data-chart=\"latency-\(index)\""))
        }
        #expect(!html.contains("No sample failed."))
    }

    @Test func aRunWithoutFailuresSaysSoInsteadOfDrawingAnEmptyErrorChart() throws {
        let events = ResultFactory.events(seconds: 3, perSecond: 50, failureRatio: 0, seed: 3)
        let html = try HTMLReport.html(ResultFactory.result(events: events, seconds: 3))
        #expect(html.contains("No sample failed."))
        #expect(!html.contains("data-chart=\"error-kinds\""))
    }

    @Test func namesFromTheResultAreEscaped() throws {
        var result = ResultFactory.shared
        result.name = "<script>alert('x')</script>"
        let html = try HTMLReport.html(result)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("put &quot;a,b&quot; &lt;x&gt; &amp; y"))
    }

    @Test func generatorWarningsAreShownOnlyWhenThereAreSome() throws {
        var result = ResultFactory.shared
        #expect(!(try HTMLReport.html(result)).contains("cannot vouch"))
        result.generator.warnings = ["scheduling lag p99 was 31 ms"]
        let html = try HTMLReport.html(result)
        #expect(html.contains("cannot vouch"))
        #expect(html.contains("scheduling lag p99 was 31 ms"))
    }

    @Test func markdownSummaryHasARowPerStepAndEscapesPipes() {
        var result = ResultFactory.shared
        result.scenarios[0].steps[0].name = "a|b"
        let text = MarkdownSummary.text(result)
        #expect(text.contains("| browse | a\\|b | tcp |"))
        #expect(text.hasPrefix("## ❌ Barrage: shop — completed"))
        #expect(text.contains("| Step | Error kind | Count |"))
    }
}
