import BarrageMetrics

/// Reads a threshold's statistic off a result (a live snapshot, a finished run or a merged one).
public enum ThresholdMeasurement {
    /// The value of `statistic` over the rows `scope` selects in `result`, in the statistic's unit; nil when
    /// it is undefined (a latency, ratio or check share with no sample), or when the scope matches no row.
    public static func observe(
        _ statistic: ThresholdStatistic,
        scope: ThresholdScope,
        in result: RunResult
    ) -> Double? {
        let scenarios = result.scenarios.filter { scope.matches(scenario: $0.name) }
        if statistic.isScenarioLevel {
            guard !scenarios.isEmpty else { return nil }
            switch statistic {
            case .iterations: return Double(scenarios.reduce(0) { $0 + $1.iterations })
            case .failedIterations: return Double(scenarios.reduce(0) { $0 + $1.failedIterations })
            default: return Double(scenarios.reduce(0) { $0 + $1.droppedIterations })
            }
        }
        let rows = scenarios.flatMap { scenario in
            scenario.steps.filter { scope.matches(row: $0.name, protocolName: $0.protocolName) }
        }
        guard !rows.isEmpty else { return nil }
        let count = rows.reduce(0) { $0 + $1.count }
        let failures = rows.reduce(0) { $0 + $1.failures }
        switch statistic {
        case .count: return Double(count)
        case .failures: return Double(failures)
        case .rate: return result.durationSeconds > 0 ? Double(count) / result.durationSeconds : nil
        case .errorRate: return count == 0 ? nil : Double(failures) / Double(count)
        case .checks:
            let checkFailures = rows.reduce(0) { total, row in
                total + row.errors.filter { isCheckFailure($0.key) }.reduce(0) { $0 + $1.value }
            }
            let successes = rows.reduce(0) { $0 + $1.successes }
            let ran = successes + checkFailures
            return ran == 0 ? nil : Double(successes) / Double(ran)
        default:
            guard count > 0 else { return nil }
            var histogram = LatencyHistogram()
            for row in rows { histogram.merge(row.histogram) }
            guard histogram.count > 0 else { return nil }
            switch statistic {
            case .percentile(let value): return Double(histogram.value(atPercentile: value)) / 1000
            case .min: return Double(histogram.min) / 1000
            case .max: return Double(histogram.max) / 1000
            case .mean: return histogram.mean / 1000
            default: return histogram.standardDeviation / 1000
            }
        }
    }

    /// Whether an error kind's name is a failed check (`check_failed`, or a protocol's own `check_…` kind).
    public static func isCheckFailure(_ kind: String) -> Bool { kind == "check_failed" || kind.hasPrefix("check_") }

    /// Whether any row of `result` is in `scope` (a scope that names nothing in the plan is a typo).
    public static func hasRows(_ scope: ThresholdScope, statistic: ThresholdStatistic, in result: RunResult) -> Bool {
        let scenarios = result.scenarios.filter { scope.matches(scenario: $0.name) }
        if statistic.isScenarioLevel { return !scenarios.isEmpty }
        return scenarios.contains { scenario in
            scenario.steps.contains { scope.matches(row: $0.name, protocolName: $0.protocolName) }
        }
    }
}
