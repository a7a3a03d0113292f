import BarrageMetrics
import Foundation

/// Reads the facts of the machine a run takes place on, for result.json's environment block.
public enum RunEnvironmentProbe {
    /// The current machine, with `commandLine` already redacted by the caller.
    public static func current(commandLine: [String], workers: Int, segment: Share = .whole) -> RunEnvironment {
        var system = utsname()
        uname(&system)
        let kernel = withUnsafeBytes(of: &system.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let host = withUnsafeBytes(of: &system.nodename) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return RunEnvironment(
            os: osName(),
            kernel: kernel,
            cpuModel: cpuModel(),
            cpuCores: RunOptions.defaultWorkerCount,
            hostname: host,
            barrageVersion: BarrageVersion.current,
            commandLine: commandLine,
            workers: workers,
            segment: "\(segment.offset)/\(segment.stride)"
        )
    }

    static func osName() -> String {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return "Linux" }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return "Linux"
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }
}

/// Barrage's version, reported in results and `barrage --version`.
public enum BarrageVersion {
    /// The version of this build.
    public static let current = "0.1.0"
}

/// Run identifiers: time-ordered and unique enough to name result folders.
public enum RunIdentifier {
    /// A new identifier, e.g. `20261125T213000Z-4f9a1c`.
    public static func make() -> String {
        let stamp = RFC3339.compact(unixMilliseconds: Int64(WallClock.now() / 1_000_000))
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(stamp)-\(suffix)"
    }
}

/// UTC timestamps in the forms results use.
public enum RFC3339 {
    /// `2026-11-25T21:30:00.123Z`.
    public static func format(unixMilliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(unixMilliseconds) / 1000))
    }

    /// `20261125T213000Z`, for folder names.
    public static func compact(unixMilliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date(timeIntervalSince1970: Double(unixMilliseconds) / 1000))
    }
}
