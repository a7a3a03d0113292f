import BarrageMetrics
import Foundation

/// What the HTML template shows, prepared from a `RunResult`: text already formatted, charts as SVG.
struct HTMLReportPage: Sendable {
    struct Stat: Sendable {
        var label: String
        var value: String
        var emphasis: Bool
    }

    struct Environment: Sendable {
        var hostname: String
        var os: String
        var kernel: String
        var cpu: String
        var workers: Int
        var segment: String
        var version: String
        var commandLine: String
    }

    struct ScenarioRow: Sendable {
        var name: String
        var loadModel: String
        var iterations: String
        var failedIterations: String
        var droppedIterations: String
        var peakVUs: String
        var p50: String
        var p95: String
        var p99: String
    }

    struct StepRow: Sendable {
        var scenario: String
        var name: String
        var protocolName: String
        var count: String
        var failures: String
        var errorRate: String
        var failed: Bool
        var rate: String
        var p50: String
        var p90: String
        var p95: String
        var p99: String
        var p999: String
        var max: String
        var mean: String
        var sent: String
        var received: String
    }

    struct ThresholdRow: Sendable {
        var status: String
        var failed: Bool
        var threshold: String
        var scope: String
        var observed: String
        var note: String
    }

    struct EnduranceRow: Sendable {
        var verdict: String
        var flagged: Bool
        var name: String
        var scope: String
        var start: String
        var end: String
        var slope: String
        var interval: String
        var change: String
        var limit: String
        var reason: String
    }

    struct ChartFigure: Sendable {
        var title: String
        var note: String
        var svg: String
    }

    var title: String
    var name: String
    var status: String
    var statusClass: String
    var verdict: String
    var startedAt: String
    var runID: String
    var figures: [Stat]
    var warnings: [String]
    var hasWarnings: Bool
    var schemaVersion: Int
    var environments: [Environment]
    var generator: [Stat]
    var scenarios: [ScenarioRow]
    var steps: [StepRow]
    var thresholds: [ThresholdRow]
    var hasThresholds: Bool
    var testType: TestTypeSection?
    var alertErrors: [String]
    var hasAlertErrors: Bool
    var throughputCharts: [ChartFigure]
    var latencyCharts: [ChartFigure]
    var errorCharts: [ChartFigure]
    var noErrors: Bool
    var phaseCharts: [ChartFigure]
    var hasPhases: Bool
    var hasEndurance: Bool
    var enduranceVerdict: String
    var enduranceClass: String
    var enduranceWindow: String
    var enduranceRows: [EnduranceRow]
    var enduranceWarnings: [String]
    var hasEnduranceWarnings: Bool
    var enduranceCharts: [ChartFigure]
    var resourceCharts: [ChartFigure]
    var monitorCharts: [ChartFigure]
    var hasMonitors: Bool

    init(_ result: RunResult) {
        let total = Double(result.totalSamples)
        let failures = Double(result.totalFailures)
        var aggregate = LatencyHistogram()
        for (_, step) in result.allSteps { aggregate.merge(step.histogram) }
        let ms = { (micros: UInt64) in ReportNumber.milliseconds(Double(micros) / 1000) + " ms" }

        title = "\(result.name) — Barrage report"
        name = result.name
        status = result.status.rawValue
        statusClass = RunVerdict.failed(result) ? "bad" : "good"
        verdict = RunVerdict.text(result)
        startedAt = result.startedAt
        runID = result.runID
        figures = [
            Stat(label: "Duration", value: ReportNumber.duration(result.durationSeconds), emphasis: false),
            Stat(label: "Samples", value: ReportNumber.grouped(total), emphasis: false),
            Stat(
                label: "Throughput",
                value: ReportNumber.rate(result.durationSeconds > 0 ? total / result.durationSeconds : 0) + "/s",
                emphasis: false
            ),
            Stat(label: "Failed", value: ReportNumber.grouped(failures), emphasis: failures > 0),
            Stat(
                label: "Error rate",
                value: ReportNumber.percent(total == 0 ? 0 : failures / total),
                emphasis: failures > 0
            ),
            Stat(label: "p50", value: ms(aggregate.value(atPercentile: 50)), emphasis: false),
            Stat(label: "p95", value: ms(aggregate.value(atPercentile: 95)), emphasis: false),
            Stat(label: "p99", value: ms(aggregate.value(atPercentile: 99)), emphasis: false),
        ]
        warnings = result.generator.warnings
        hasWarnings = !warnings.isEmpty
        schemaVersion = result.schemaVersion
        environments = result.environments.map {
            Environment(
                hostname: $0.hostname,
                os: $0.os,
                kernel: $0.kernel,
                cpu: "\($0.cpuModel) (\($0.cpuCores) cores)",
                workers: $0.workers,
                segment: $0.segment,
                version: $0.barrageVersion,
                commandLine: $0.commandLine.joined(separator: " ")
            )
        }
        let lag = result.generator.schedulingLag
        generator = [
            Stat(label: "CPU time", value: ReportNumber.fixed(result.generator.cpuSeconds, 1) + " s", emphasis: false),
            Stat(
                label: "Peak memory",
                value: ReportNumber.bytes(Double(result.generator.peakRSSBytes)),
                emphasis: false
            ),
            Stat(label: "Scheduling lag p99", value: ReportNumber.milliseconds(lag.p99) + " ms", emphasis: false),
            Stat(label: "Scheduling lag max", value: ReportNumber.milliseconds(lag.max) + " ms", emphasis: false),
        ]
        scenarios = result.scenarios.map {
            ScenarioRow(
                name: $0.name,
                loadModel: $0.loadModel,
                iterations: ReportNumber.grouped(Double($0.iterations)),
                failedIterations: ReportNumber.grouped(Double($0.failedIterations)),
                droppedIterations: ReportNumber.grouped(Double($0.droppedIterations)),
                peakVUs: ReportNumber.grouped(Double($0.peakVUs)),
                p50: ReportNumber.milliseconds($0.iterationDuration.p50),
                p95: ReportNumber.milliseconds($0.iterationDuration.p95),
                p99: ReportNumber.milliseconds($0.iterationDuration.p99)
            )
        }
        steps = result.allSteps.map { scenario, step in
            StepRow(
                scenario: scenario,
                name: step.name,
                protocolName: step.protocolName,
                count: ReportNumber.grouped(Double(step.count)),
                failures: ReportNumber.grouped(Double(step.failures)),
                errorRate: ReportNumber.percent(step.errorRate),
                failed: step.failures > 0,
                rate: ReportNumber.rate(step.rate),
                p50: ReportNumber.milliseconds(step.latency.p50),
                p90: ReportNumber.milliseconds(step.latency.p90),
                p95: ReportNumber.milliseconds(step.latency.p95),
                p99: ReportNumber.milliseconds(step.latency.p99),
                p999: ReportNumber.milliseconds(step.latency.p999),
                max: ReportNumber.milliseconds(step.latency.max),
                mean: ReportNumber.milliseconds(step.latency.mean),
                sent: ReportNumber.bytes(Double(step.bytesSent)),
                received: ReportNumber.bytes(Double(step.bytesReceived))
            )
        }

        thresholds = (result.thresholds?.verdicts ?? []).map { verdict in
            var notes: [String] = []
            if let second = verdict.firstFailedAtSecond { notes.append("first failed at \(second) s") }
            if verdict.abortOnFail { notes.append("abort_on_fail") }
            if verdict.threshold == result.thresholds?.abortedBy { notes.append("stopped the run") }
            return ThresholdRow(
                status: verdict.status.rawValue,
                failed: verdict.status != .passed,
                threshold: verdict.threshold,
                scope: verdict.scope,
                observed: verdict.observedText,
                note: notes.joined(separator: ", ")
            )
        }
        hasThresholds = !thresholds.isEmpty
        testType = TestTypeSection(result)
        alertErrors = result.thresholds?.alertErrors ?? []
        hasAlertErrors = !alertErrors.isEmpty

        let endurance = result.endurance
        hasEndurance = endurance != nil
        enduranceVerdict = endurance?.verdict.rawValue ?? ""
        enduranceClass = endurance.map { $0.verdict >= .drift ? "bad" : "good" } ?? ""
        enduranceWindow =
            endurance.map {
                "Trends fitted by least squares from \(ReportNumber.duration($0.windowStartSeconds)) to "
                    + "\(ReportNumber.duration($0.windowEndSeconds)) (after the warm-up), per hour, with the 95% "
                    + "confidence interval of the slope. A signal drifts (or leaks) when its slope exceeds the limit "
                    + "and the interval excludes zero."
            } ?? ""
        enduranceRows = (endurance?.signals ?? []).map { signal in
            EnduranceRow(
                verdict: signal.verdict.rawValue,
                flagged: signal.verdict >= .drift,
                name: signal.name,
                scope: signal.scope,
                start: signal.amountText(signal.startLevel),
                end: signal.amountText(signal.endLevel),
                slope: signal.amountText(signal.slopePerHour),
                interval: signal.intervalText,
                change: signal.changeText,
                limit: signal.limitText,
                reason: signal.reason
            )
        }
        enduranceWarnings = endurance?.warnings ?? []
        hasEnduranceWarnings = !enduranceWarnings.isEmpty

        let charts = ReportCharts(result)
        enduranceCharts = charts.latencyTrends.map {
            ChartFigure(
                title: $0.title,
                note: "p95 of each second and the line fitted to the analysed window (dashed).",
                svg: $0.svg
            )
        }
        throughputCharts = [
            ChartFigure(
                title: "Requests per second",
                note: "Samples completed in each second, per step.",
                svg: charts.requests.svg
            ),
            ChartFigure(
                title: "Failures per second",
                note: "Failed samples in each second, per step.",
                svg: charts.errors.svg
            ),
            ChartFigure(
                title: "Active virtual users",
                note: "The most VUs running at once in each second (open models: iterations in flight).",
                svg: charts.activeVUs.svg
            ),
        ]
        latencyCharts =
            [
                ChartFigure(
                    title: "Latency distribution",
                    note: "Latency at each percentile, from each step's whole-run HDR histogram (log scale of nines).",
                    svg: charts.distribution.svg
                )
            ]
            + charts.latencyOverTime.map {
                ChartFigure(title: $0.title, note: "Percentiles of the samples completed in each second.", svg: $0.svg)
            }
        errorCharts =
            charts.errorKinds.map {
                [ChartFigure(title: "Failures by error kind", note: "Over the whole run.", svg: $0.svg)]
            } ?? []
        noErrors = charts.errorKinds == nil
        phaseCharts =
            charts.phases.map {
                [ChartFigure(title: "Phases", note: "Whole-run percentiles of each protocol phase.", svg: $0.svg)]
            } ?? []
        hasPhases = !phaseCharts.isEmpty
        resourceCharts = [
            ChartFigure(
                title: "Generator CPU",
                note: "Percent of one core (200 = two cores busy).",
                svg: charts.generatorCPU.svg
            ),
            ChartFigure(
                title: "Generator memory",
                note: "Resident set size at the end of each second.",
                svg: charts.generatorMemory.svg
            ),
        ]
        monitorCharts = zip(result.monitors ?? [], charts.monitors).map { series, chart in
            ChartFigure(
                title: "\(series.name) (\(series.unit))",
                note: "Sampled once per second by the monitor of \(series.source).",
                svg: chart.svg
            )
        }
        hasMonitors = !monitorCharts.isEmpty
    }
}
