import Foundation

/// The generator process's own CPU time and memory, read from the kernel.
public struct ResourceUsage: Sendable {
    /// User plus system CPU seconds since the process started.
    public var cpuSeconds: Double
    /// Resident memory now, bytes.
    public var rssBytes: UInt64
    /// The largest resident memory so far, bytes.
    public var peakRSSBytes: UInt64

    /// Reads the current figures (`getrusage`, `/proc/self/statm`).
    public static func sample() -> ResourceUsage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        var rss: UInt64 = 0
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = UInt64(fields[1]) {
                rss = pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
            }
        }
        return ResourceUsage(cpuSeconds: cpu, rssBytes: rss, peakRSSBytes: UInt64(usage.ru_maxrss) * 1024)
    }
}
