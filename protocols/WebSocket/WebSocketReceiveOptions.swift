import BarrageCore

/// What a `receive` step waits for: a number of messages, or all messages during a duration.
public struct WebSocketReceiveOptions: Sendable {
    /// Receive this many messages (that pass `match`).
    public var count: Int?
    /// Receive for this long, ns; the step succeeds when at least `minimum` messages came.
    public var duration: UInt64?
    /// With `duration`: the fewest messages that make the step a success.
    public var minimum: Int
    /// Count only messages that pass; others are skipped.
    public var match: MessageMatch?
    /// Where a message carries the server's send time, for one-way lag.
    public var lag: TimestampField?

    static let fields = ["receive", "match", "lag"]

    /// Parses `receive: N` or `receive: {count: N}` / `receive: {duration: D, min: N}`, with `match` and `lag`.
    static func parse(_ mapping: ConfigMapping) throws(ConfigError) -> WebSocketReceiveOptions {
        let node = try mapping.required("receive")
        var options = WebSocketReceiveOptions(count: nil, duration: nil, minimum: 1, match: nil, lag: nil)
        if case .scalar = node.value {
            options.count = try node.int()
        } else {
            let fields = try node.mapping(allowedKeys: ["count", "duration", "min"])
            options.count = try fields["count"]?.int()
            options.duration = try fields["duration"]?.duration()
            options.minimum = try fields["min"]?.int() ?? 1
            guard (options.count == nil) != (options.duration == nil) else {
                throw node.error("give either count or duration")
            }
            guard options.minimum >= 0 else { throw fields["min"]!.error("min cannot be negative") }
        }
        if let count = options.count, count < 1 { throw node.error("count must be at least 1") }
        options.match = try mapping["match"].map { node throws(ConfigError) in try MessageMatch.parse(node) }
        options.lag = try mapping["lag"].map { node throws(ConfigError) in try TimestampField.parse(node) }
        return options
    }
}
