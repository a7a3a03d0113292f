import BarrageMetrics
import Foundation

/// The table printed at the end of a run: per scenario and step, counts, rates, errors and latency
/// percentiles, then error kinds, dropped iterations and the generator's health.
struct SummaryPrinter {
    let console: Console

    func print(_ result: RunResult, alertErrors: [String]? = nil) {
        let header = [
            "scenario", "step", "count", "rate/s", "errors", "min", "mean", "p50", "p90", "p95", "p99", "p99.9", "max",
        ]
        var rows: [[String]] = []
        for scenario in result.scenarios {
            for step in scenario.steps {
                let latency = step.latency
                rows.append(
                    [
                        scenario.name, step.name, NumberText.grouped(Double(step.count)),
                        NumberText.fixed(step.rate, 1),
                        NumberText.fixed(step.errorRate * 100, 2) + "%",
                    ]
                        + [
                            latency.min, latency.mean, latency.p50, latency.p90, latency.p95, latency.p99, latency.p999,
                            latency.max,
                        ]
                        .map(Self.ms)
                )
            }
        }
        console.line()
        console.line(
            "\(result.name) — \(result.status.rawValue) in \(NumberText.fixed(result.durationSeconds, 1)) s (latency in ms)"
        )
        for line in Self.table(header: header, rows: rows) { console.line(line) }
        for scenario in result.scenarios {
            var notes: [String] = []
            notes.append("\(NumberText.grouped(Double(scenario.iterations))) iterations")
            if scenario.failedIterations > 0 {
                notes.append("\(NumberText.grouped(Double(scenario.failedIterations))) failed")
            }
            if scenario.droppedIterations > 0 {
                notes.append(
                    "\(NumberText.grouped(Double(scenario.droppedIterations))) dropped (no free VU under max_in_flight)"
                )
            }
            notes.append("peak \(scenario.peakVUs) VUs")
            console.line("  \(scenario.name): " + notes.joined(separator: ", "))
            for step in scenario.steps {
                guard let statuses = step.statuses, !statuses.isEmpty else { continue }
                let codes = statuses.sorted { $0.key < $1.key }.map {
                    "\($0.key) \(NumberText.grouped(Double($0.value)))"
                }
                console.line("    \(step.name) statuses: " + codes.joined(separator: ", "))
            }
            for step in scenario.steps where !step.errors.isEmpty {
                let kinds = step.errors.sorted { $0.value > $1.value }.map {
                    "\($0.key) \(NumberText.grouped(Double($0.value)))"
                }
                console.line("    \(step.name) errors: " + kinds.joined(separator: ", "))
            }
        }
        let generator = result.generator
        console.line(
            "generator: \(NumberText.fixed(generator.cpuSeconds, 2)) CPU-s, peak RSS \(NumberText.fixed(Double(generator.peakRSSBytes) / 1_048_576, 1)) MB, "
                + "scheduling lag p99 \(NumberText.milliseconds(generator.schedulingLag.p99))"
        )
        for warning in generator.warnings { console.line("warning: \(warning)") }
        printStress(result.stress)
        printSpike(result.spike)
        printEndurance(result)
        printThresholds(result)
        let problems = alertErrors ?? result.thresholds?.alertErrors ?? []
        if !problems.isEmpty {
            console.line("alert channel errors (the verdict is not affected):")
            for problem in problems { console.line("  \(problem)") }
        }
    }

    /// The endurance verdict, then one line per signal: its verdict, name, scope and trend; then its warnings.
    func printEndurance(_ result: RunResult) {
        guard let endurance = result.endurance else { return }
        console.line(
            "endurance: \(endurance.verdict.rawValue.uppercased()) (trends from \(NumberText.fixed(endurance.windowStartSeconds, 0)) s "
                + "to \(NumberText.fixed(endurance.windowEndSeconds, 0)) s, per hour)"
        )
        for signal in endurance.signals {
            var line = "  \(signal.verdict.rawValue.uppercased())  \(signal.name)  [\(signal.scope)]"
            if let start = signal.startLevel, let end = signal.endLevel {
                line += "  \(signal.amountText(start)) → \(signal.amountText(end))"
            }
            if signal.changePercentPerHour != nil { line += " (\(signal.changeText)/h)" }
            console.line(line + ": " + signal.reason)
        }
        for warning in endurance.warnings { console.line("warning: \(warning)") }
    }

    /// One line per threshold: its verdict, the condition, the scope and the value observed.
    func printThresholds(_ result: RunResult) {
        guard let thresholds = result.thresholds, !thresholds.verdicts.isEmpty else { return }
        let passed = thresholds.verdicts.filter { $0.status == .passed }.count
        console.line("thresholds: \(passed) of \(thresholds.verdicts.count) passed")
        for verdict in thresholds.verdicts {
            let mark: String
            switch verdict.status {
            case .passed: mark = "PASS"
            case .failed: mark = "FAIL"
            case .noData: mark = "NO DATA"
            }
            var line = "  \(mark)  \(verdict.threshold)  [\(verdict.scope)]  observed \(verdict.observedText)"
            if let second = verdict.firstFailedAtSecond { line += ", first failed at \(second)s" }
            if verdict.abortOnFail { line += ", abort_on_fail" }
            console.line(line)
        }
        if let abortedBy = thresholds.abortedBy { console.line("aborted by threshold: \(abortedBy)") }
    }

    static func ms(_ value: Double) -> String {
        value < 1 ? NumberText.fixed(value, 3) : value < 100 ? NumberText.fixed(value, 2) : NumberText.fixed(value, 0)
    }

    static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column < 2
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }
}
