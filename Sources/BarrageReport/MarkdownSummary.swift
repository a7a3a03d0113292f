import BarrageMetrics
import Foundation

/// summary.md: the run in a few lines and one table, for CI job summaries and pull-request comments.
public enum MarkdownSummary {
    /// The Markdown text for `result`.
    public static func text(_ result: RunResult) -> String {
        let failed = RunVerdict.failed(result)
        let total = Double(result.totalSamples)
        var lines: [String] = []
        lines.append(
            "## \(failed ? "❌" : "✅") Barrage: \(cell(result.name)) — \(result.status.rawValue), \(RunVerdict.text(result))"
        )
        lines.append("")
        lines.append(
            "Started \(result.startedAt), ran \(ReportNumber.duration(result.durationSeconds)): "
                + "\(ReportNumber.grouped(total)) samples, \(ReportNumber.grouped(Double(result.totalFailures))) failed "
                + "(\(ReportNumber.percent(total == 0 ? 0 : Double(result.totalFailures) / total))), "
                + "\(ReportNumber.rate(result.durationSeconds > 0 ? total / result.durationSeconds : 0)) samples/s."
        )
        for warning in result.generator.warnings {
            lines.append("")
            lines.append("> ⚠️ \(cell(warning))")
        }
        if let thresholds = result.thresholds, !thresholds.verdicts.isEmpty {
            lines.append("")
            lines.append("| Threshold | Scope | Observed | Verdict |")
            lines.append("|---|---|--:|---|")
            for verdict in thresholds.verdicts {
                let mark = verdict.status == .passed ? "✅" : "❌"
                lines.append(
                    "| `\(cell(verdict.threshold))` | \(cell(verdict.scope)) | \(cell(verdict.observedText)) | "
                        + "\(mark) \(verdict.status.rawValue) |"
                )
            }
            for problem in thresholds.alertErrors {
                lines.append("")
                lines.append("> ⚠️ alert not delivered: \(cell(problem))")
            }
        }
        if let section = TestTypeSection(result) { lines += section.markdownLines }
        lines.append("")
        lines.append(
            "| Scenario | Step | Protocol | Samples | Failed | Error rate | Rate/s | p50 ms | p95 ms | p99 ms | Max ms |"
        )
        lines.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
        for (scenario, step) in result.allSteps {
            let row = [
                cell(scenario), cell(step.name), cell(step.protocolName), ReportNumber.grouped(Double(step.count)),
                ReportNumber.grouped(Double(step.failures)), ReportNumber.percent(step.errorRate),
                ReportNumber.rate(step.rate), ReportNumber.milliseconds(step.latency.p50),
                ReportNumber.milliseconds(step.latency.p95), ReportNumber.milliseconds(step.latency.p99),
                ReportNumber.milliseconds(step.latency.max),
            ]
            lines.append("| " + row.joined(separator: " | ") + " |")
        }
        let errors = result.allSteps.flatMap { entry in
            entry.step.errors.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                (entry.step.name, $0.key, $0.value)
            }
        }
        if !errors.isEmpty {
            lines.append("")
            lines.append("| Step | Error kind | Count |")
            lines.append("|---|---|--:|")
            for (step, kind, count) in errors {
                lines.append("| \(cell(step)) | \(cell(kind)) | \(ReportNumber.grouped(Double(count))) |")
            }
        }
        lines += enduranceLines(result)
        lines += monitorLines(result)
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// The endurance verdict and one table row per signal; nothing when the run had no analysis.
    static func enduranceLines(_ result: RunResult) -> [String] {
        guard let endurance = result.endurance else { return [] }
        let mark = endurance.verdict == .stable ? "✅" : endurance.verdict == .inconclusive ? "❔" : "❌"
        var lines = [
            "",
            "**Endurance: \(mark) \(endurance.verdict.rawValue)** (trends from \(ReportNumber.duration(endurance.windowStartSeconds)) "
                + "to \(ReportNumber.duration(endurance.windowEndSeconds)), per hour, 95% confidence interval)",
            "",
            "| Signal | Scope | Start | End | Slope/h | 95% CI | Change/h | Limit | Verdict |",
            "|---|---|--:|--:|--:|--:|--:|--:|---|",
        ]
        for signal in endurance.signals {
            let row = [
                "`\(cell(signal.name))`", cell(signal.scope), signal.amountText(signal.startLevel),
                signal.amountText(signal.endLevel), signal.amountText(signal.slopePerHour), signal.intervalText,
                signal.changeText, cell(signal.limitText), signal.verdict.rawValue,
            ]
            lines.append("| " + row.joined(separator: " | ") + " |")
        }
        for warning in endurance.warnings {
            lines.append("")
            lines.append("> ⚠️ \(cell(warning))")
        }
        return lines
    }

    /// One table row per monitor series and line: first, mean, peak and last value; nothing without monitors.
    static func monitorLines(_ result: RunResult) -> [String] {
        guard let monitors = result.monitors, !monitors.isEmpty else { return [] }
        var lines = [
            "", "| Monitor | Series | Line | Unit | First | Mean | Peak | Last |", "|---|---|---|---|--:|--:|--:|--:|",
        ]
        for series in monitors {
            for line in series.lineNames {
                let values = series.points.compactMap { $0.values[line] }
                guard let first = values.first, let last = values.last else { continue }
                let mean = values.reduce(0, +) / Double(values.count)
                let row = [
                    cell(series.source), cell(series.name), cell(line), cell(series.unit), TrendText.number(first),
                    TrendText.number(mean), TrendText.number(values.max() ?? last), TrendText.number(last),
                ]
                lines.append("| " + row.joined(separator: " | ") + " |")
            }
        }
        return lines
    }

    /// summary.md's bytes.
    public static func data(_ result: RunResult) -> Data { Data(text(result).utf8) }

    /// Text safe inside a table cell: pipes escaped, line breaks flattened.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: "")
    }
}
