import BarrageCore
import BarrageMetrics

/// Reads a scenario file's `endurance:` section into the limits an endurance analysis judges trends against.
///
/// Every key is optional (`endurance: {}` asks for the analysis with the defaults). Limits are per hour and
/// take either a percentage of the signal's starting level (`10%`, also written `10%/h`) or an amount in the
/// signal's unit: a duration for latency (`50ms`), a size for memory (`64MiB`), a number otherwise.
public enum EnduranceParser {
    /// The keys `endurance:` may have.
    public static let fields = [
        "warmup", "min_duration", "min_points", "max_latency_drift", "max_error_rate_drift", "max_memory_growth",
        "max_cpu_drift", "max_connection_growth", "max_monitor_drift",
    ]

    /// Parses the section; errors carry the file, line, column and field path.
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> EnduranceLimits {
        var limits = EnduranceLimits()
        if node.isNull { return limits }
        let section = try node.mapping(allowedKeys: fields)
        if let warmup = section["warmup"] { limits.warmupSeconds = Double(try warmup.duration()) / 1e9 }
        if let minimum = section["min_duration"] { limits.minDurationSeconds = Double(try minimum.duration()) / 1e9 }
        if let points = section["min_points"] {
            let value = try points.int()
            guard value >= 3 else { throw points.error("must be at least 3 (a trend needs 3 points), found \(value)") }
            limits.minPoints = value
        }
        if let latency = section["max_latency_drift"] {
            limits.maxLatencyDrift = try limit(latency, absolute: "a duration such as 50ms") { text in
                DurationText.nanoseconds(text).map { Double($0) / 1e6 }
            }
        }
        if let errors = section["max_error_rate_drift"] {
            // A percentage of an error rate is percentage points: `1%` lets it rise from 0.5% to 1.5% in an hour.
            let text = try errors.string()
            let amount = trimmed(text)
            let value = amount.hasSuffix("%") ? Double(amount.dropLast()).map { $0 / 100 } : Double(amount)
            guard let value, value >= 0, value.isFinite else {
                throw errors.error(
                    "expected percentage points of error rate per hour such as 1% (or a fraction such as 0.01), "
                        + "found '\(text)'"
                )
            }
            limits.maxErrorRateDrift = TrendLimit(perHour: value, relative: false)
        }
        if let memory = section["max_memory_growth"] {
            limits.maxMemoryGrowth = try limit(memory, absolute: "a size such as 64MiB", parse: byteCount)
        }
        if let cpu = section["max_cpu_drift"] {
            limits.maxCPUDrift = try limit(cpu, absolute: "percent of one core such as 5", parse: { Double($0) })
        }
        if let connections = section["max_connection_growth"] {
            limits.maxConnectionGrowth = try limit(
                connections,
                absolute: "a number of connections",
                parse: { Double($0) }
            )
        }
        if let monitor = section["max_monitor_drift"] {
            limits.maxMonitorDrift = try limit(
                monitor,
                absolute: "an amount in the series' unit",
                parse: { Double($0) }
            )
        }
        return limits
    }

    /// `N%` (relative) or an amount `parse` reads; an optional `/h` suffix is accepted.
    static func limit(
        _ node: ConfigNode,
        absolute: String,
        parse: (String) -> Double?
    ) throws(ConfigError) -> TrendLimit {
        let text = try node.string()
        let amount = trimmed(text)
        if amount.hasSuffix("%") {
            guard let percent = Double(amount.dropLast()), percent >= 0, percent.isFinite else {
                throw node.error("expected a percentage per hour such as 10%, found '\(text)'")
            }
            return .percent(percent)
        }
        guard let value = parse(amount), value >= 0, value.isFinite else {
            throw node.error("expected a percentage of the starting level such as 10%, or \(absolute), found '\(text)'")
        }
        return TrendLimit(perHour: value, relative: false)
    }

    /// The text without spaces and without a trailing `/h`.
    static func trimmed(_ text: String) -> String {
        var amount = text.filter { !$0.isWhitespace }
        if amount.hasSuffix("/h") { amount.removeLast(2) }
        return amount
    }

    /// `64MiB`, `100MB`, `1GiB`, `512KiB`, `1048576` (bytes) as bytes.
    static func byteCount(_ text: String) -> Double? {
        let units: [(suffix: String, factor: Double)] = [
            ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("KB", 1000), ("MB", 1_000_000),
            ("GB", 1_000_000_000), ("B", 1),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            return Double(text.dropLast(unit.suffix.count)).map { $0 * unit.factor }
        }
        return Double(text)
    }
}
