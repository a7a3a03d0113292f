import BarrageMetrics

/// A baseline and a current result side by side, step by step: what `barrage compare` prints and judges.
///
/// Higher latency, a lower rate and a higher error rate are regressions when they change by more than the
/// limit, relative to the baseline. An error rate that rises from zero is a regression at any limit.
public struct ResultComparison: Sendable {
    /// One measure of one step.
    public struct Delta: Sendable, Equatable {
        /// The measure's name: `rate`, `p50`, `p95`, `p99` or `error_rate`.
        public var measure: String
        /// The baseline's value.
        public var baseline: Double
        /// The current value.
        public var current: Double
        /// The relative change (0.1 = 10% more); nil when the baseline is zero.
        public var change: Double?
        /// Whether the change is a regression beyond the limit.
        public var regressed: Bool
    }

    /// One step present in both results.
    public struct StepComparison: Sendable, Equatable {
        /// The scenario's name.
        public var scenario: String
        /// The step's name.
        public var step: String
        /// Its measures.
        public var deltas: [Delta]
    }

    /// Steps present in both results, in the current result's order.
    public var steps: [StepComparison]
    /// Steps (`scenario / step`) only in the baseline.
    public var onlyInBaseline: [String]
    /// Steps only in the current result.
    public var onlyInCurrent: [String]
    /// The limit, as a fraction (0.1 = 10%).
    public var maxRegression: Double
    /// The monitor series of both (listed, not judged).
    public var monitors: MonitorComparison
    /// The endurance analyses of both; nil when the current result has none.
    public var endurance: EnduranceComparison?

    /// Compares `current` against `baseline` with `maxRegression` as a fraction.
    public init(baseline: RunResult, current: RunResult, maxRegression: Double) {
        self.maxRegression = maxRegression
        func key(_ scenario: String, _ step: String) -> String { "\(scenario) / \(step)" }
        let baselineSteps = Dictionary(
            baseline.allSteps.map { (key($0.scenario, $0.step.name), $0.step) },
            uniquingKeysWith: { first, _ in first }
        )
        let currentKeys = Set(current.allSteps.map { key($0.scenario, $0.step.name) })
        steps = current.allSteps.compactMap { scenario, step in
            guard let before = baselineSteps[key(scenario, step.name)] else { return nil }
            return StepComparison(
                scenario: scenario,
                step: step.name,
                deltas: [
                    Self.delta("rate", before.rate, step.rate, higherIsWorse: false, limit: maxRegression),
                    Self.delta("p50", before.latency.p50, step.latency.p50, higherIsWorse: true, limit: maxRegression),
                    Self.delta("p95", before.latency.p95, step.latency.p95, higherIsWorse: true, limit: maxRegression),
                    Self.delta("p99", before.latency.p99, step.latency.p99, higherIsWorse: true, limit: maxRegression),
                    Self.delta(
                        "error_rate",
                        before.errorRate,
                        step.errorRate,
                        higherIsWorse: true,
                        limit: maxRegression
                    ),
                ]
            )
        }
        onlyInBaseline = baseline.allSteps.map { key($0.scenario, $0.step.name) }.filter { !currentKeys.contains($0) }
        onlyInCurrent = current.allSteps.map { key($0.scenario, $0.step.name) }.filter { baselineSteps[$0] == nil }
        monitors = MonitorComparison(baseline: baseline, current: current)
        endurance = EnduranceComparison(baseline: baseline, current: current)
    }

    /// Whether any measure of any step regressed beyond the limit, or an endurance signal drifts or leaks that
    /// did not in the baseline.
    public var hasRegression: Bool {
        steps.contains { $0.deltas.contains(where: \.regressed) } || (endurance?.hasRegression ?? false)
    }

    static func delta(
        _ measure: String,
        _ baseline: Double,
        _ current: Double,
        higherIsWorse: Bool,
        limit: Double
    )
        -> Delta
    {
        let change = baseline == 0 ? nil : (current - baseline) / baseline
        let regressed: Bool
        if let change {
            regressed = higherIsWorse ? change > limit : -change > limit
        } else {
            regressed = higherIsWorse && current > 0
        }
        return Delta(measure: measure, baseline: baseline, current: current, change: change, regressed: regressed)
    }

    /// The comparison as aligned text lines, for the console.
    public var lines: [String] {
        var rows: [[String]] = [["step", "measure", "baseline", "current", "change", ""]]
        for step in steps {
            for delta in step.deltas {
                let format = { (value: Double) in
                    delta.measure == "error_rate"
                        ? ReportNumber.percent(value)
                        : delta.measure == "rate"
                            ? ReportNumber.rate(value) + "/s" : ReportNumber.milliseconds(value) + " ms"
                }
                let change =
                    delta.change.map { ($0 >= 0 ? "+" : "") + ReportNumber.fixed($0 * 100, 1) + "%" }
                    ?? (delta.current == 0 ? "±0" : "new")
                rows.append([
                    "\(step.scenario) / \(step.step)", delta.measure, format(delta.baseline), format(delta.current),
                    change,
                    delta.regressed ? "REGRESSION" : "",
                ])
            }
        }
        var lines = Self.aligned(rows, rightAligned: 2...4)
        for step in onlyInBaseline { lines.append("only in baseline: \(step)") }
        for step in onlyInCurrent { lines.append("only in current: \(step)") }
        lines += monitorLines + enduranceLines
        let verdict = hasRegression ? "regression beyond" : "no regression beyond"
        lines.append("\(verdict) \(ReportNumber.fixed(maxRegression * 100, 1))%")
        return lines
    }
}

extension ResultComparison {
    /// The monitor lines: mean and peak in both, change of the mean (not judged).
    var monitorLines: [String] {
        guard !monitors.lines.isEmpty || !monitors.onlyInBaseline.isEmpty || !monitors.onlyInCurrent.isEmpty else {
            return []
        }
        var rows: [[String]] = [["monitor", "series", "baseline mean", "current mean", "change", "peak"]]
        for line in monitors.lines {
            let amount = { (value: Double) in TrendText.amount(value, unit: line.unit) }
            rows.append([
                line.source, line.name, amount(line.baselineMean), amount(line.currentMean),
                line.change.map { ($0 >= 0 ? "+" : "") + ReportNumber.fixed($0 * 100, 1) + "%" } ?? "new",
                "\(amount(line.baselinePeak)) → \(amount(line.currentPeak))",
            ])
        }
        var lines = Self.aligned(rows, rightAligned: 2...4)
        for line in monitors.onlyInBaseline { lines.append("monitor only in baseline: \(line)") }
        for line in monitors.onlyInCurrent { lines.append("monitor only in current: \(line)") }
        return lines
    }

    /// The endurance lines: verdicts, then each signal's slope per hour and verdict in both.
    var enduranceLines: [String] {
        guard let endurance else { return [] }
        var rows: [[String]] = [["endurance signal", "scope", "baseline slope", "current slope", "verdicts", ""]]
        for signal in endurance.signals {
            let slope = { (value: Double?) in value.map { TrendText.rate($0, unit: signal.unit) } ?? "—" }
            rows.append([
                signal.name, signal.scope, slope(signal.baselineSlope), slope(signal.currentSlope),
                "\(signal.baselineVerdict?.rawValue ?? "—") → \(signal.currentVerdict.rawValue)",
                signal.regressed ? "REGRESSION" : "",
            ])
        }
        return [
            "endurance: \(endurance.baselineVerdict?.rawValue ?? "no analysis") → \(endurance.currentVerdict.rawValue)"
        ] + Self.aligned(rows, rightAligned: 2...3)
    }

    /// Rows as aligned text, columns in `rightAligned` padded on the left.
    static func aligned(_ rows: [[String]], rightAligned: ClosedRange<Int>) -> [String] {
        let columns = rows.first?.count ?? 0
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.count)
                return rightAligned.contains(column) ? padding + text : text + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
