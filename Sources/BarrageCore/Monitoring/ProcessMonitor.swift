import BarrageMetrics
import Foundation

/// CPU and memory of a target process and all its descendants (a database server's backends, a web server's
/// workers), read from `/proc` once per second: the monitor behind a `--monitor-pid PID` option.
///
/// CPU is the tree's user + system time per second, in percent of one core; memory is the sum of the tree's
/// resident sets (shared pages count once per process, so it overstates a server with large shared memory).
/// A process that exits within a second loses that second's CPU time.
public final class ProcessMonitor: Monitor, @unchecked Sendable {
    /// The process whose tree is watched.
    public let pid: Int32
    /// CPU ticks per process at the previous sample, and when it was read.
    private var previous: (time: UInt64, ticks: [Int32: UInt64])?
    private let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    private let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))

    /// Watches process `pid` and its descendants.
    public init(pid: Int32) {
        self.pid = pid
    }

    /// Watches process `pid` and its descendants, after checking that it exists (`--monitor-pid`).
    ///
    /// - Throws: ``MonitorSetupError/noSuchProcess(pid:)`` when `/proc/PID/stat` cannot be read.
    public convenience init(existing pid: Int32) throws(MonitorSetupError) {
        guard pid > 0, Self.stat(of: pid) != nil else { throw .noSuchProcess(pid: pid) }
        self.init(pid: pid)
    }

    /// `process PID (name)`.
    public var source: String {
        let name = Self.stat(of: pid)?.name ?? "not running"
        return "process \(pid) (\(name))"
    }

    /// `cpu` (% of one core) and `memory` (MiB), each one line.
    public var series: [MonitorSeriesInfo] {
        [MonitorSeriesInfo(name: "cpu", unit: "% of one core"), MonitorSeriesInfo(name: "memory", unit: "MiB")]
    }

    /// Reads the first CPU baseline.
    public func start() {
        previous = (MonotonicClock.now(), tree().mapValues(\.ticks))
    }

    /// CPU over the time since the previous sample and memory now; nothing once the process is gone.
    public func sample() -> [String: [String: Double]] {
        let now = MonotonicClock.now()
        let processes = tree()
        guard !processes.isEmpty else { return [:] }
        var values: [String: [String: Double]] = [
            "memory": ["rss": processes.values.reduce(0) { $0 + Double($1.residentPages) } * pageSize / 1_048_576]
        ]
        if let previous, now > previous.time {
            var ticks: UInt64 = 0
            for (process, stat) in processes {
                let before = previous.ticks[process] ?? 0
                ticks += stat.ticks > before ? stat.ticks - before : 0
            }
            values["cpu"] = ["cpu": Double(ticks) / ticksPerSecond / (Double(now - previous.time) / 1e9) * 100]
        }
        previous = (now, processes.mapValues(\.ticks))
        return values
    }

    /// Nothing to release.
    public func stop() {}

    /// What `/proc/PID/stat` says about one process.
    struct ProcessStat {
        var name: String
        var parent: Int32
        var ticks: UInt64
        var residentPages: UInt64
    }

    /// The watched process and its descendants, by pid; empty when it is gone.
    private func tree() -> [Int32: ProcessStat] {
        guard let root = Self.stat(of: pid) else { return [:] }
        var all: [Int32: ProcessStat] = [:]
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") {
            for entry in entries {
                guard let process = Int32(entry), process != pid, let stat = Self.stat(of: process) else { continue }
                all[process] = stat
            }
        }
        var children: [Int32: [Int32]] = [:]
        for (process, stat) in all { children[stat.parent, default: []].append(process) }
        var found: [Int32: ProcessStat] = [pid: root]
        var queue = [pid]
        while let next = queue.popLast() {
            for child in children[next] ?? [] where found[child] == nil {
                found[child] = all[child]
                queue.append(child)
            }
        }
        return found
    }

    /// Parses `/proc/PID/stat`: the name is in parentheses and may hold spaces, so fields count from the last `)`.
    static func stat(of process: Int32) -> ProcessStat? {
        guard let text = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
            let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
        else { return nil }
        // After ")": state(3) ppid(4) … utime(14) stime(15) … rss(24), so field n is at index n − 3.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 21, let parent = Int32(fields[1]), let user = UInt64(fields[11]),
            let system = UInt64(fields[12]), let resident = UInt64(fields[21])
        else { return nil }
        let name = String(text[text.index(after: open)..<close])
        return ProcessStat(name: name, parent: parent, ticks: user + system, residentPages: resident)
    }
}
