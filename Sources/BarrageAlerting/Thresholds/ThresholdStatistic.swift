/// What a threshold measures: a latency statistic, a ratio, a rate or a count.
public enum ThresholdStatistic: Sendable, Equatable, CustomStringConvertible {
    /// A latency percentile, e.g. 95 or 99.9, over every sample in scope.
    case percentile(Double)
    /// The smallest latency.
    case min
    /// The largest latency.
    case max
    /// The mean latency.
    case mean
    /// The latency's standard deviation.
    case stddev
    /// Failed samples / samples.
    case errorRate
    /// Samples per second over the run so far.
    case rate
    /// Samples whose checks passed / samples whose checks ran (those that passed or failed a check).
    case checks
    /// Samples.
    case count
    /// Failed samples.
    case failures
    /// Iterations completed (a scenario's, not a step's).
    case iterations
    /// Iterations in which a step failed.
    case failedIterations
    /// Open-model arrivals that could not start on time.
    case droppedIterations

    /// The names a condition may start with, most common first (typo suggestions pick the first nearest).
    public static let names = [
        "p99", "p95", "p90", "p50", "p99.9", "min", "max", "mean", "avg", "stddev", "error_rate", "rate", "checks",
        "count", "failures", "iterations", "failed_iterations", "dropped_iterations",
    ]

    /// The statistic named `name` (`p95`, `p99.9`, `error_rate` …), or nil.
    public init?(name: String) {
        switch name {
        case "min": self = .min
        case "max": self = .max
        case "mean", "avg": self = .mean
        case "stddev": self = .stddev
        case "error_rate": self = .errorRate
        case "rate": self = .rate
        case "checks": self = .checks
        case "count": self = .count
        case "failures": self = .failures
        case "iterations": self = .iterations
        case "failed_iterations": self = .failedIterations
        case "dropped_iterations": self = .droppedIterations
        default:
            guard name.hasPrefix("p"), let value = Double(name.dropFirst()), value > 0, value <= 100,
                name.dropFirst().allSatisfy({ $0.isNumber || $0 == "." })
            else { return nil }
            self = .percentile(value)
        }
    }

    /// What kind of number it is, which decides the units its limit is written in.
    public var unit: ThresholdUnit {
        switch self {
        case .percentile, .min, .max, .mean, .stddev: .milliseconds
        case .errorRate, .checks: .ratio
        case .rate: .perSecond
        case .count, .failures, .iterations, .failedIterations, .droppedIterations: .count
        }
    }

    /// Whether it is counted per scenario (iterations) rather than per step row.
    public var isScenarioLevel: Bool {
        switch self {
        case .iterations, .failedIterations, .droppedIterations: true
        default: false
        }
    }

    /// The name as written in conditions.
    public var description: String {
        switch self {
        case .percentile(let value):
            value == value.rounded() ? "p\(Int(value))" : "p\(value)"
        case .min: "min"
        case .max: "max"
        case .mean: "mean"
        case .stddev: "stddev"
        case .errorRate: "error_rate"
        case .rate: "rate"
        case .checks: "checks"
        case .count: "count"
        case .failures: "failures"
        case .iterations: "iterations"
        case .failedIterations: "failed_iterations"
        case .droppedIterations: "dropped_iterations"
        }
    }
}
