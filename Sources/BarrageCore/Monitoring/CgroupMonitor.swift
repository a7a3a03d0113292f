import BarrageMetrics
import Foundation

/// CPU and memory of a cgroup v2 (a container, a systemd service, a pod) read from its files once per second:
/// the monitor behind `--monitor-cgroup PATH`. No agent: `cpu.stat` and `memory.current` are plain files.
///
/// CPU is `cpu.stat`'s `usage_usec` per second of wall time, in percent of one core (every process of the
/// cgroup and its descendants); memory is `memory.current` in MiB (page cache included, as the kernel counts
/// it against the limit). A controller the cgroup does not have (a hybrid hierarchy often has no memory
/// controller in v2) gives no series.
public final class CgroupMonitor: Monitor, @unchecked Sendable {
    /// The cgroup's directory, e.g. `/sys/fs/cgroup/system.slice/postgresql.service`.
    public let path: String
    /// Whether `cpu.stat` is readable.
    public let hasCPU: Bool
    /// Whether `memory.current` is readable.
    public let hasMemory: Bool
    /// `usage_usec` at the previous sample, and when it was read.
    private var previous: (time: UInt64, usage: UInt64)?

    /// Watches the cgroup v2 directory at `path`.
    ///
    /// - Throws: ``MonitorSetupError/notCgroupV2(path:reason:)`` when `path` is not a directory, has no
    ///   `cgroup.controllers` (a v1 hierarchy has none), or has neither `cpu.stat` nor `memory.current`.
    public init(path: String) throws(MonitorSetupError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notCgroupV2(path: path, reason: "no such directory")
        }
        guard isDirectory.boolValue else { throw .notCgroupV2(path: path, reason: "not a directory") }
        guard FileManager.default.isReadableFile(atPath: path + "/cgroup.controllers") else {
            throw .notCgroupV2(
                path: path,
                reason: "it has no cgroup.controllers file (a cgroup v1 directory, or not a cgroup at all); "
                    + "cgroup v2 is mounted where `mount -t cgroup2` shows"
            )
        }
        self.path = path
        hasCPU = Self.usage(in: path) != nil
        hasMemory = Self.memory(in: path) != nil
        guard hasCPU || hasMemory else {
            throw .notCgroupV2(path: path, reason: "neither cpu.stat nor memory.current can be read")
        }
    }

    /// `cgroup PATH`.
    public var source: String { "cgroup \(path)" }

    /// `cpu` (% of one core, line `cpu`) and `memory` (MiB, line `current`), each when the cgroup has it.
    public var series: [MonitorSeriesInfo] {
        (hasCPU ? [MonitorSeriesInfo(name: "cpu", unit: "% of one core")] : [])
            + (hasMemory ? [MonitorSeriesInfo(name: "memory", unit: "MiB")] : [])
    }

    /// Reads the first CPU baseline.
    public func start() {
        if let usage = Self.usage(in: path) { previous = (MonotonicClock.now(), usage) }
    }

    /// CPU over the time since the previous sample and memory now; nothing for a file that cannot be read.
    public func sample() -> [String: [String: Double]] {
        var values: [String: [String: Double]] = [:]
        if hasMemory, let bytes = Self.memory(in: path) { values["memory"] = ["current": Double(bytes) / 1_048_576] }
        if hasCPU, let usage = Self.usage(in: path) {
            let now = MonotonicClock.now()
            if let previous, now > previous.time, usage >= previous.usage {
                values["cpu"] = ["cpu": Double(usage - previous.usage) * 1000 / Double(now - previous.time) * 100]
            }
            previous = (now, usage)
        }
        return values
    }

    /// Nothing to release.
    public func stop() {}

    /// `usage_usec` from `cpu.stat`.
    static func usage(in path: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: path + "/cpu.stat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "usage_usec" { return UInt64(fields[1]) }
        }
        return nil
    }

    /// `memory.current`, bytes.
    static func memory(in path: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: path + "/memory.current", encoding: .utf8) else { return nil }
        return UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
