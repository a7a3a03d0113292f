import Foundation

/// How reports print numbers: the same text in HTML, Markdown and the console, locale-independent.
enum ReportNumber {
    /// `1,234,567` (rounded to a whole number).
    static func grouped(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let whole = Int64(value.rounded())
        let digits = String(whole.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (whole < 0 ? "-" : "") + result
    }

    /// A fixed number of decimals, `.` as separator.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "—" }
        return String(format: "%.\(decimals)f", value)
    }

    /// A latency in milliseconds with precision that suits its size: `0.042`, `12.3`, `1,204`.
    static func milliseconds(_ value: Double) -> String {
        if value < 1 { return fixed(value, 3) }
        if value < 100 { return fixed(value, 1) }
        return grouped(value)
    }

    /// A rate per second: `0.52`, `98.4`, `12,034`.
    static func rate(_ value: Double) -> String {
        if value < 10 { return fixed(value, 2) }
        if value < 1000 { return fixed(value, 1) }
        return grouped(value)
    }

    /// A ratio as a percentage: `0%`, `0.013%`, `12.5%`.
    static func percent(_ ratio: Double) -> String {
        let value = ratio * 100
        if value == 0 { return "0%" }
        if value < 0.1 { return fixed(value, 3) + "%" }
        return fixed(value, value < 10 ? 2 : 1) + "%"
    }

    /// Bytes in binary units: `512 B`, `1.5 KiB`, `3.2 GiB`.
    static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = value
        var unit = 0
        while scaled >= 1024, unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(scaled)) \(units[0])" : fixed(scaled, 1) + " " + units[unit]
    }

    /// A duration in seconds as `45s`, `12m 5s`, `1h 2m 3s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "—" }
        if seconds < 10 { return fixed(seconds, 1) + "s" }
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total % 3600 / 60, total % 60)
        if hours > 0 { return "\(hours)h \(minutes)m \(secs)s" }
        if minutes > 0 { return "\(minutes)m \(secs)s" }
        return "\(secs)s"
    }

    /// A position on a run's clock as `m:ss` or `h:mm:ss`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total % 3600 / 60, total % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
    }
}
