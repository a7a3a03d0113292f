/// Something sampled once per second during a run, off the workers, whose numbers end up in the result as
/// named series (`RunResult.monitors`) and in the report as charts: a database's own statistics, a target
/// process's CPU and memory.
///
/// A `ClientFactory` supplies monitors for a plan (`monitors(for:)`), and `RunOptions.monitors` adds others
/// (a `--monitor-pid`). Implementation requirements:
/// - Every method runs on the monitor thread, one monitor after another; blocking I/O is allowed there (never
///   on a worker), but a sample should take well under a second: bound every wait (connect and statement
///   timeouts), or the samples of every monitor come late.
/// - `sample()` never throws and never traps: when the source cannot be read it returns no values for that
///   second (and may try to reconnect at the next).
public protocol Monitor: AnyObject, Sendable {
    /// Which source the monitor reads, e.g. `postgres host=127.0.0.1 port=5432 dbname=bench`; no secrets.
    var source: String { get }

    /// The series it produces, in chart order: name and unit of each.
    var series: [MonitorSeriesInfo] { get }

    /// Prepares the monitor (connects, reads a first baseline for rates); called once before the first sample.
    func start()

    /// Reads the source now: values by series name, then by line name. Rates are over the time since the
    /// previous call (or `start`). A series left out has no point for this second.
    func sample() -> [String: [String: Double]]

    /// Releases connections and descriptors; called once after the last sample.
    func stop()
}

/// The name and unit of one series a monitor produces.
public struct MonitorSeriesInfo: Sendable, Equatable {
    /// What it measures, e.g. `connections`.
    public var name: String
    /// The unit of its values, e.g. `per second`.
    public var unit: String

    /// Makes a description.
    public init(name: String, unit: String) {
        self.name = name
        self.unit = unit
    }
}
