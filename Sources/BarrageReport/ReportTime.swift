import Foundation

/// Wall-clock times as reports print them: RFC 3339 in UTC, second precision.
enum ReportTime {
    /// `2025-11-25T21:43:40Z` for a Unix time in milliseconds.
    static func rfc3339(unixMilliseconds: Int64) -> String {
        var seconds = time_t(unixMilliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
            Int(parts.tm_year) + 1900,
            Int(parts.tm_mon) + 1,
            Int(parts.tm_mday),
            Int(parts.tm_hour),
            Int(parts.tm_min),
            Int(parts.tm_sec)
        )
    }
}
