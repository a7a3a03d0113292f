import BarrageMetrics

/// The HTML report's section for a stress search or a spike test: the findings as figures, then a table of the
/// search's steps or the spike's phases. Made only from `RunResult.stress` and `RunResult.spike`.
struct TestTypeSection: Sendable {
    var title: String
    var note: String
    var figures: [HTMLReportPage.Stat]
    var header: [String]
    var rows: [Row]

    struct Row: Sendable {
        var cells: [String]
        var failed: Bool
    }

    /// The section for `result`, or nil when it was neither a stress search nor a spike test.
    init?(_ result: RunResult) {
        if let stress = result.stress {
            self.init(stress: stress)
        } else if let spike = result.spike {
            self.init(spike: spike)
        } else {
            return nil
        }
    }

    init(stress: StressOutcome) {
        title = "Stress search"
        note =
            "Each step held an offered arrival rate; its first seconds (settling) are not judged. "
            + "SLO: \(stress.slo.joined(separator: ", ")). The search ended: \(stress.ended)."
        let firstRecovery = stress.recoveries.first
        figures = [
            Self.stat(
                "Max sustainable rate",
                stress.maxSustainableRate.map { ReportNumber.rate($0) + "/s offered" } ?? "none",
                emphasis: stress.maxSustainableRate == nil
            ),
            Self.stat(
                "Max sustainable throughput",
                stress.maxSustainableThroughput.map { ReportNumber.rate($0) + " iterations/s" } ?? "none"
            ),
            Self.stat("Breaking point", stress.breakingPointRate.map { ReportNumber.rate($0) + "/s" } ?? "not reached"),
            Self.stat("First failure", stress.firstFailureKind ?? "none"),
            Self.stat(
                "Recovery",
                firstRecovery.map { recovery in
                    recovery.recoverySeconds.map { ReportNumber.duration($0) }
                        ?? "none within \(ReportNumber.duration(recovery.timeoutSeconds))"
                } ?? "no overload",
                emphasis: firstRecovery.map { $0.recoverySeconds == nil } ?? false
            ),
        ]
        header = ["Step", "Offered/s", "Done/s", "p50", "p95", "p99", "Error rate", "Dropped", "Verdict", "Failed"]
        rows = stress.steps.enumerated().map { index, step in
            Row(
                cells: [
                    "\(index + 1)", ReportNumber.rate(step.offeredRate),
                    ReportNumber.rate(step.measured.iterationsPerSecond),
                    ReportNumber.milliseconds(step.measured.p50Ms), ReportNumber.milliseconds(step.measured.p95Ms),
                    ReportNumber.milliseconds(step.measured.p99Ms), ReportNumber.percent(step.measured.errorRate),
                    ReportNumber.grouped(Double(step.measured.droppedIterations)),
                    step.held ? "held" : "broke (\(step.failureKind ?? "?"))",
                    step.failedConditions.joined(separator: "; "),
                ],
                failed: !step.held
            )
        }
    }

    init(spike: SpikeOutcome) {
        title = "Spike"
        note =
            "A jump to \(ReportNumber.rate(spike.multiplier))× the base load and back. Recovered means: "
            + "\(spike.recoveryCriterion)."
        figures = [
            Self.stat(
                "Recovery",
                spike.recoverySeconds.map { ReportNumber.duration($0) + " after the spike" } ?? "not before the end",
                emphasis: spike.recoverySeconds == nil
            ),
            Self.stat("p95 before", ReportNumber.milliseconds(spike.before.p95Ms) + " ms"),
            Self.stat("p95 during", ReportNumber.milliseconds(spike.during.p95Ms) + " ms"),
            Self.stat("Errors during", ReportNumber.percent(spike.during.errorRate)),
        ]
        header = ["Phase", "Seconds", "Done/s", "p50", "p95", "p99", "Max", "Error rate", "Dropped"]
        let phases = [("before", spike.before), ("during", spike.during)] + (spike.after.map { [("after", $0)] } ?? [])
        rows = phases.map { name, summary in
            Row(
                cells: [
                    name, "\(summary.seconds)", ReportNumber.rate(summary.iterationsPerSecond),
                    ReportNumber.milliseconds(summary.p50Ms), ReportNumber.milliseconds(summary.p95Ms),
                    ReportNumber.milliseconds(summary.p99Ms), ReportNumber.milliseconds(summary.maxMs),
                    ReportNumber.percent(summary.errorRate), ReportNumber.grouped(Double(summary.droppedIterations)),
                ],
                failed: false
            )
        }
    }

    /// The section as Markdown lines for summary.md: a heading, the figures, then the table.
    var markdownLines: [String] {
        var lines = ["", "**\(title)** — \(MarkdownSummary.cell(note))", ""]
        lines += figures.map { "- \($0.label): \(MarkdownSummary.cell($0.value))" }
        lines.append("")
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: header.count))
        lines += rows.map { "| " + $0.cells.map(MarkdownSummary.cell).joined(separator: " | ") + " |" }
        return lines
    }

    private static func stat(_ label: String, _ value: String, emphasis: Bool = false) -> HTMLReportPage.Stat {
        HTMLReportPage.Stat(label: label, value: value, emphasis: emphasis)
    }
}
