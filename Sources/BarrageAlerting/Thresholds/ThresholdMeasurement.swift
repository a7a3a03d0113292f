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
        observe(statistic, scope: scope, in: ThresholdInput(result))
    }

    /// The value of `statistic` over the rows `scope` selects in `input`; nil as above, and for a scenario
    /// statistic when the input has no scenario counts.
    public static func observe(
        _ statistic: ThresholdStatistic,
        scope: ThresholdScope,
        in input: ThresholdInput
    ) -> Double? {
        if statistic.isScenarioLevel {
            let scenarios = (input.scenarios ?? []).filter { scope.matches(scenario: $0.name) }
            guard !scenarios.isEmpty else { return nil }
            switch statistic {
            case .iterations: return Double(scenarios.reduce(0) { $0 + $1.iterations })
            case .failedIterations: return Double(scenarios.reduce(0) { $0 + $1.failedIterations })
            default: return Double(scenarios.reduce(0) { $0 + $1.droppedIterations })
            }
        }
        let rows = input.rows.filter {
            scope.matches(scenario: $0.scenario) && scope.matches(row: $0.name, protocolName: $0.protocolName)
        }
        guard !rows.isEmpty else { return nil }
        let count = rows.reduce(0) { $0 + $1.count }
        let failures = rows.reduce(0) { $0 + $1.failures }
        switch statistic {
        case .count: return Double(count)
        case .failures: return Double(failures)
        case .rate: return input.durationSeconds > 0 ? Double(count) / input.durationSeconds : nil
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
            // One row (the common case) is read as it is; several are merged so percentiles stay exact.
            var histogram = rows[0].histogram
            for row in rows.dropFirst() { histogram.merge(row.histogram) }
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
}
