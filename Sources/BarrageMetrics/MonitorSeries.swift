/// One named time series a monitor sampled during a run (connections by state, commits per second, a
/// process's CPU): one chart in the HTML report.
///
/// Monitors sample once per second off the workers; their series are stored in `RunResult.monitors`. A merged
/// result keeps every part's series side by side (each part sampled its own view), so merging concatenates.
public struct MonitorSeries: Codable, Sendable, Equatable {
    /// What the series measures, e.g. `connections`, `transactions`, `cpu`.
    public var name: String
    /// The unit of every value, e.g. `connections`, `per second`, `% of one core`.
    public var unit: String
    /// Which monitor produced it, e.g. `postgres host=127.0.0.1 port=5432 dbname=bench`, `process 1234`.
    public var source: String
    /// One point per second, oldest first.
    public var points: [MonitorPoint]

    /// Makes a series.
    public init(name: String, unit: String, source: String, points: [MonitorPoint] = []) {
        self.name = name
        self.unit = unit
        self.source = source
        self.points = points
    }

    /// The names of the series' lines (the keys of its points), sorted.
    public var lineNames: [String] { Set(points.flatMap(\.values.keys)).sorted() }

    /// How a line is named beside other series' lines: the series' name for its own line (a single-line series),
    /// else `series.line`. Reports, comparisons and the endurance analysis all name lines this way.
    public func qualifiedName(of line: String) -> String {
        line == name ? name : "\(name).\(line)"
    }
}

/// One second of a monitor series: a value per line of its chart (e.g. `active`, `idle`).
public struct MonitorPoint: Codable, Sendable, Equatable {
    /// Start of the second the values describe, Unix time in milliseconds (as every series of the result).
    public var t: Int64
    /// The values by line name. Rates are per second over the second starting at `t`; levels are read at its end.
    public var values: [String: Double]

    /// Makes a point.
    public init(t: Int64, values: [String: Double]) {
        self.t = t
        self.values = values
    }
}
