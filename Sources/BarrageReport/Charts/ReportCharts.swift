import BarrageMetrics

/// The charts of a report, derived from a `RunResult` alone.
///
/// Every series is on the run's clock (seconds since the start); several parts of a merged run that
/// measured the same second are summed into one point.
public struct ReportCharts: Sendable {
    /// Requests/s per step.
    public var requests: LineChart
    /// Failures/s per step.
    public var errors: LineChart
    /// p50, p90, p95 and p99 over time, one chart per step.
    public var latencyOverTime: [LineChart]
    /// Running VUs per scenario.
    public var activeVUs: LineChart
    /// HDR percentile curve per step.
    public var distribution: LineChart
    /// Failures per step and error kind; nil when nothing failed.
    public var errorKinds: BarChart?
    /// p50/p95/p99 of every measured phase; nil when no step measured phases.
    public var phases: BarChart?
    /// Generator CPU, percent of one core.
    public var generatorCPU: LineChart
    /// Generator resident memory, MiB.
    public var generatorMemory: LineChart
    /// One chart per monitor series (server statistics, a target process), in the result's order; empty when the
    /// run had no monitor.
    public var monitors: [LineChart]
    /// p95 per second with the endurance analysis's fitted line, one chart per step; empty without an analysis.
    public var latencyTrends: [LineChart]

    /// Derives the charts of `result`.
    public init(_ result: RunResult) {
        let start = result.startTimeUnixMs
        let seconds = { (t: Int64) in Double(t - start) / 1000 }
        let steps = result.allSteps
        let labels = Self.stepLabels(result)

        requests = LineChart(
            id: "requests",
            title: "Requests per second",
            yUnit: "requests/s",
            series: steps.enumerated().map { index, entry in
                ChartSeries(
                    name: labels[index],
                    color: ChartPalette.color(index),
                    points: entry.step.series.map { ChartPoint(x: seconds($0.t), y: Double($0.count)) }
                )
            }
        )
        errors = LineChart(
            id: "errors",
            title: "Failures per second",
            yUnit: "failures/s",
            series: steps.enumerated().map { index, entry in
                ChartSeries(
                    name: labels[index],
                    color: ChartPalette.color(index),
                    points: entry.step.series.map { ChartPoint(x: seconds($0.t), y: Double($0.failures)) }
                )
            }
        )
        latencyOverTime = steps.enumerated().map { index, entry in
            let measures: [(String, KeyPath<SeriesPoint, Double>, String)] = [
                ("p50", \.p50, "#4e79a7"), ("p90", \.p90, "#59a14f"), ("p95", \.p95, "#f28e2b"),
                ("p99", \.p99, "#e15759"),
            ]
            return LineChart(
                id: "latency-\(index)",
                title: "Latency percentiles per second — \(labels[index])",
                yUnit: "ms",
                series: measures.map { name, path, color in
                    ChartSeries(
                        name: name,
                        color: color,
                        points: entry.step.series.filter { $0.count > 0 }.map {
                            ChartPoint(x: seconds($0.t), y: $0[keyPath: path])
                        }
                    )
                }
            )
        }
        activeVUs = LineChart(
            id: "vus",
            title: "Active virtual users",
            yUnit: "VUs",
            series: result.scenarios.enumerated().map { index, scenario in
                ChartSeries(
                    name: scenario.name,
                    color: ChartPalette.color(index),
                    points: scenario.series.map { ChartPoint(x: seconds($0.t), y: Double($0.activeVUs)) }
                )
            }
        )
        distribution = LineChart(
            id: "distribution",
            title: "Latency by percentile (HDR)",
            yUnit: "ms",
            xFormat: .nines,
            series: steps.enumerated().map { index, entry in
                ChartSeries(
                    name: labels[index],
                    color: ChartPalette.color(index),
                    points: PercentileCurve.points(entry.step.histogram)
                )
            }
        )
        errorKinds = Self.errorKinds(result, labels: labels)
        phases = Self.phases(result, labels: labels)

        let generator = Self.generatorBySecond(result.generator.series)
        generatorCPU = LineChart(
            id: "cpu",
            title: "Generator CPU",
            yUnit: "% of one core",
            series: [
                ChartSeries(
                    name: "CPU",
                    color: ChartPalette.color(0),
                    points: generator.map { ChartPoint(x: seconds($0.t), y: $0.cpuPercent) }
                )
            ]
        )
        generatorMemory = LineChart(
            id: "memory",
            title: "Generator memory (resident)",
            yUnit: "MiB",
            series: [
                ChartSeries(
                    name: "RSS",
                    color: ChartPalette.color(1),
                    points: generator.map { ChartPoint(x: seconds($0.t), y: Double($0.rssBytes) / 1_048_576) }
                )
            ]
        )
        monitors = (result.monitors ?? []).enumerated().map { index, series in
            Self.monitorChart(series, id: "monitor-\(index)", seconds: seconds)
        }
        latencyTrends = Self.latencyTrends(result, labels: labels, seconds: seconds)
    }

    /// Per step with a fitted p95 trend: its p95 per second and the fitted line over the analysed window.
    static func latencyTrends(_ result: RunResult, labels: [String], seconds: (Int64) -> Double) -> [LineChart] {
        guard let endurance = result.endurance else { return [] }
        var charts: [LineChart] = []
        for (index, entry) in result.allSteps.enumerated() {
            guard
                let signal = endurance.signals.first(where: {
                    $0.kind == .latency
                        && $0.scope == EnduranceResult.stepScope(scenario: entry.scenario, step: entry.step.name)
                }),
                let start = signal.startLevel, let end = signal.endLevel
            else { continue }
            let window = entry.step.series.filter { $0.count > 0 }.map { seconds($0.t) }.filter {
                endurance.windowContains(secondsSinceStart: $0)
            }
            guard let first = window.first, let last = window.last else { continue }
            charts.append(
                LineChart(
                    id: "endurance-\(index)",
                    title: "p95 trend — \(labels[index]): \(signal.verdict.rawValue)",
                    yUnit: "ms",
                    series: [
                        ChartSeries(
                            name: "p95",
                            color: "#f28e2b",
                            points: entry.step.series.filter { $0.count > 0 }.map {
                                ChartPoint(x: seconds($0.t), y: $0.p95)
                            }
                        ),
                        ChartSeries(
                            name: "fit",
                            color: "#1d2330",
                            points: [ChartPoint(x: first, y: max(0, start)), ChartPoint(x: last, y: max(0, end))],
                            dashed: true
                        ),
                    ]
                )
            )
        }
        return charts
    }

    /// A monitor series as a chart: one line per value name, in alphabetical order.
    static func monitorChart(_ series: MonitorSeries, id: String, seconds: (Int64) -> Double) -> LineChart {
        let names = series.lineNames
        return LineChart(
            id: id,
            title: "\(series.name) — \(series.source)",
            yUnit: series.unit,
            series: names.enumerated().map { index, name in
                ChartSeries(
                    name: name,
                    color: ChartPalette.color(index),
                    points: series.points.compactMap { point in
                        point.values[name].map { ChartPoint(x: seconds(point.t), y: $0) }
                    }
                )
            }
        )
    }

    /// Step labels: `scenario / step`, or just the step when there is one scenario.
    static func stepLabels(_ result: RunResult) -> [String] {
        result.allSteps.map { result.scenarios.count > 1 ? "\($0.scenario) / \($0.step.name)" : $0.step.name }
    }

    private static func errorKinds(_ result: RunResult, labels: [String]) -> BarChart? {
        var categories: [String] = []
        var counts: [Double] = []
        for (index, entry) in result.allSteps.enumerated() {
            for (kind, count) in entry.step.errors.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                categories.append("\(labels[index]): \(kind)")
                counts.append(Double(count))
            }
        }
        guard !categories.isEmpty else { return nil }
        return BarChart(
            id: "error-kinds",
            title: "Failures by error kind",
            unit: "failures",
            categories: categories,
            series: [BarChart.Series(name: "failures", color: "#e15759", values: counts)]
        )
    }

    private static func phases(_ result: RunResult, labels: [String]) -> BarChart? {
        var categories: [String] = []
        var rows: [LatencySummary] = []
        for (index, entry) in result.allSteps.enumerated() {
            for phase in entry.step.phases where phase.histogram.count > 0 {
                categories.append("\(labels[index]): \(phase.name)")
                rows.append(phase.latency)
            }
        }
        guard !categories.isEmpty else { return nil }
        return BarChart(
            id: "phases",
            title: "Phases",
            unit: "ms",
            categories: categories,
            series: [
                BarChart.Series(name: "p50", color: "#4e79a7", values: rows.map(\.p50)),
                BarChart.Series(name: "p95", color: "#f28e2b", values: rows.map(\.p95)),
                BarChart.Series(name: "p99", color: "#e15759", values: rows.map(\.p99)),
            ]
        )
    }

    /// One point per second: CPU and memory of several processes (a merged run) add up.
    static func generatorBySecond(_ series: [GeneratorSeriesPoint]) -> [GeneratorSeriesPoint] {
        var bySecond: [Int64: GeneratorSeriesPoint] = [:]
        for point in series {
            let key = point.t / 1000
            if var existing = bySecond[key] {
                existing.cpuPercent += point.cpuPercent
                existing.rssBytes += point.rssBytes
                existing.schedulingLagP99 = max(existing.schedulingLagP99, point.schedulingLagP99)
                bySecond[key] = existing
            } else {
                bySecond[key] = point
            }
        }
        return bySecond.keys.sorted().map { bySecond[$0]! }
    }
}
