import BarrageCore

/// Which share of the load this process runs, from `--segment i/N`, from `--segments N` with Kubernetes'
/// `JOB_COMPLETION_INDEX`, or from `BARRAGE_SEGMENT=i/N`; the whole load when none is given.
enum SegmentSelection {
    /// The share the options and `environment` select.
    static func share(segment: String?, segments: Int?, environment: [String: String]) throws(ConfigError) -> Share {
        if let segment {
            if segments != nil {
                throw ConfigError(
                    location: .commandLine,
                    path: "--segments",
                    message: "give --segment or --segments, not both"
                )
            }
            return try parse(segment, source: "--segment")
        }
        if let segments {
            guard segments >= 1 else {
                throw ConfigError(
                    location: .commandLine,
                    path: "--segments",
                    message: "must be at least 1, found \(segments)"
                )
            }
            guard let indexText = environment["JOB_COMPLETION_INDEX"] else {
                throw ConfigError(
                    location: .commandLine,
                    path: "--segments",
                    message: "needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job); elsewhere use --segment i/N"
                )
            }
            return try parse("\(indexText)/\(segments)", source: "JOB_COMPLETION_INDEX")
        }
        if let text = environment["BARRAGE_SEGMENT"] { return try parse(text, source: "BARRAGE_SEGMENT") }
        return .whole
    }

    /// `i/N` with 0 ≤ i < N.
    static func parse(_ text: String, source: String) throws(ConfigError) -> Share {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ConfigError(
                location: .commandLine,
                path: source,
                message: "expected i/N (segment i of N, counting from 0), found '\(text)'"
            )
        }
        guard count >= 1 else {
            throw ConfigError(location: .commandLine, path: source, message: "N must be at least 1, found '\(text)'")
        }
        guard (0..<count).contains(index) else {
            throw ConfigError(
                location: .commandLine,
                path: source,
                message: "segment \(index) is out of range for \(count) segments (0…\(count - 1)), found '\(text)'"
            )
        }
        return .segment(index, of: count)
    }

    /// `--start-at` as Unix ms; an unparsable time, or one more than `tolerance` ms in the past, is refused.
    static func startAt(_ text: String?, now: Int64, tolerance: Int64 = 5000) throws(ConfigError) -> Int64? {
        guard let text else { return nil }
        guard let milliseconds = RFC3339.parse(text) else {
            throw ConfigError(
                location: .commandLine,
                path: "--start-at",
                message: "expected an RFC 3339 time such as 2026-11-26T10:00:00Z, found '\(text)'"
            )
        }
        guard milliseconds >= now - tolerance else {
            throw ConfigError(
                location: .commandLine,
                path: "--start-at",
                message:
                    "\(text) is \((now - milliseconds) / 1000) s in the past; pick a time a little ahead of every process's start"
            )
        }
        return milliseconds
    }
}
