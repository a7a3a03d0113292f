/// Why a monitor asked for on the command line (`--monitor-pid`, `--monitor-cgroup`) cannot watch its source.
public enum MonitorSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No process has this id (or `/proc` does not show it).
    case noSuchProcess(pid: Int32)
    /// The path is not a cgroup v2 directory; the reason says what is missing.
    case notCgroupV2(path: String, reason: String)

    /// One line a user can act on.
    public var description: String {
        switch self {
        case .noSuchProcess(let pid):
            "--monitor-pid \(pid): no such process (nothing at /proc/\(pid)/stat)"
        case .notCgroupV2(let path, let reason):
            "--monitor-cgroup \(path): not a cgroup v2 directory: \(reason)"
        }
    }
}
