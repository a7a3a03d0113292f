import BarrageMetrics

/// Evaluates thresholds on a result: the one place verdicts are computed, during a run (on the live snapshot),
/// at its end, and for `barrage merge --check`.
public struct ThresholdEvaluator: Sendable {
    /// The thresholds, in declaration order.
    public var thresholds: [Threshold]
    /// What `baseline` limits are read from.
    public var baseline: ThresholdInput?

    /// An evaluator for `thresholds`, with `baseline` for limits written as `baseline * F`.
    public init(thresholds: [Threshold], baseline: RunResult? = nil) {
        self.thresholds = thresholds
        self.baseline = baseline.map(ThresholdInput.init)
    }

    /// Whether some threshold counts per scenario (iterations), which a live input made from step totals lacks.
    public var needsScenarioCounts: Bool { thresholds.contains { $0.statistic.isScenarioLevel } }

    /// The verdict of every threshold on `result`.
    public func evaluate(_ result: RunResult) -> [ThresholdVerdict] {
        let input = ThresholdInput(result)
        return thresholds.map { verdict($0, on: input) }
    }

    /// The verdict of one threshold on `result`.
    public func verdict(_ threshold: Threshold, on result: RunResult) -> ThresholdVerdict {
        verdict(threshold, on: ThresholdInput(result))
    }

    /// The verdict of one threshold on `input`.
    public func verdict(_ threshold: Threshold, on input: ThresholdInput) -> ThresholdVerdict {
        let unit = threshold.statistic.unit
        let observed = ThresholdMeasurement.observe(threshold.statistic, scope: threshold.scope, in: input)
        let limit: Double?
        switch threshold.limit {
        case .value(let value): limit = value
        case .baseline(let factor):
            limit = baseline.flatMap {
                ThresholdMeasurement.observe(threshold.statistic, scope: threshold.scope, in: $0)
            }.map { $0 * factor }
        }
        let status: ThresholdStatus
        var text: String
        if let observed, let limit {
            status = threshold.comparison.holds(observed, limit) ? .passed : .failed
            text = unit.format(observed)
        } else if observed == nil {
            status = .noData
            text = "no data"
        } else {
            status = .noData
            text = baseline == nil ? "no baseline given (--baseline)" : "no data in the baseline"
        }
        if case .baseline = threshold.limit, let limit, observed != nil {
            text += " (limit \(unit.format(limit)))"
        }
        return ThresholdVerdict(
            threshold: threshold.expression,
            scope: threshold.scope.description,
            status: status,
            observed: observed,
            limit: limit,
            unit: unit.rawValue,
            observedText: text,
            abortOnFail: threshold.abortOnFail
        )
    }
}
