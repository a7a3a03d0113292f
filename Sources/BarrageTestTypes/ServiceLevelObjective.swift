import BarrageAlerting
import BarrageCore
import BarrageMetrics

/// The conditions a test type judges a span of a run by (a stress step, a second of recovery): thresholds in
/// the `thresholds:` syntax (`p95 < 200ms`, `error_rate < 1%`, scopes included), evaluated on that span alone.
public struct ServiceLevelObjective: Sendable {
    /// The conditions.
    public var thresholds: [Threshold]

    /// An objective made of `thresholds`.
    public init(thresholds: [Threshold]) {
        self.thresholds = thresholds
    }

    /// Reads a list in the `thresholds:` syntax and checks its scopes against `plan`.
    public static func parse(_ node: ConfigNode, plan: Plan) throws(ConfigError) -> ServiceLevelObjective {
        let configuration = try AlertingConfiguration.parse(thresholds: node, alerts: nil)
        try configuration.validate(against: plan)
        guard !configuration.thresholds.isEmpty else { throw node.error("needs at least one condition") }
        for threshold in configuration.thresholds where threshold.needsBaseline {
            throw ConfigError(
                location: threshold.location,
                path: threshold.path,
                message: "a test type's objective cannot compare with a baseline"
            )
        }
        return ServiceLevelObjective(thresholds: configuration.thresholds)
    }

    /// The conditions as written.
    public var expressions: [String] { thresholds.map(\.expression) }

    /// Judges `window`: whether every condition held, which failed (with what was observed), and what kind of
    /// failure it was.
    public func judge(_ window: MeasurementWindow, layout: MetricsLayout) -> Judgement {
        let summary = WindowSummary(window, layout: layout)
        let input = ThresholdInput(
            layout: layout,
            stepTotals: window.steps,
            scenarioTotals: window.scenarios,
            durationSeconds: Double(max(1, window.seconds))
        )
        let evaluator = ThresholdEvaluator(thresholds: thresholds)
        var failed: [String] = []
        var failedStatistics: [ThresholdStatistic] = []
        for threshold in thresholds {
            let verdict = evaluator.verdict(threshold, on: input)
            guard verdict.status != .passed else { continue }
            let scope = threshold.scope.isWholeRun ? "" : " [\(threshold.scope)]"
            failed.append("\(threshold.expression)\(scope): \(verdict.observedText)")
            failedStatistics.append(threshold.statistic)
        }
        return Judgement(
            held: failed.isEmpty,
            failedConditions: failed,
            failureKind: failed.isEmpty ? nil : Self.failureKind(failedStatistics, summary: summary),
            summary: summary
        )
    }

    /// What kind of failure broke the objective: the most frequent error kind when errors did, `latency` when a
    /// latency condition did, `no_samples` when nothing completed, otherwise the statistic's name.
    static func failureKind(_ statistics: [ThresholdStatistic], summary: WindowSummary) -> String {
        if summary.samplesPerSecond == 0 { return "no_samples" }
        if statistics.contains(where: { $0 == .errorRate || $0 == .checks || $0 == .failures }),
            let kind = summary.dominantErrorKind
        {
            return kind
        }
        if statistics.contains(where: { $0.unit == .milliseconds }) { return "latency" }
        return statistics.first.map(\.description) ?? "unknown"
    }

    /// The verdict on one span.
    public struct Judgement: Sendable {
        /// Whether every condition held.
        public var held: Bool
        /// The failed conditions, with what was observed.
        public var failedConditions: [String]
        /// How it failed (see `failureKind`); nil when it held.
        public var failureKind: String?
        /// The span in figures.
        public var summary: WindowSummary
    }
}
