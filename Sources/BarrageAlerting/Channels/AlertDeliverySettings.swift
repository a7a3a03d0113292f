/// How a channel sends: on which events, how often at most, how long to wait and how often to retry.
public struct AlertDeliverySettings: Sendable, Equatable {
    /// The events it is told about.
    public var events: Set<AlertEventKind>
    /// At most this many `fail`/`recover` alerts per `ratePeriod` seconds; the `end` alert is always sent.
    public var rateLimit: Int
    /// The rate limit's period, seconds.
    public var ratePeriod: Double
    /// How long one attempt may take, nanoseconds.
    public var timeout: UInt64
    /// Attempts after the first one fails.
    public var retries: Int
    /// The wait before the first retry, nanoseconds; it doubles on each retry.
    public var backoff: UInt64

    /// Makes settings; the defaults send everything, ten alerts a minute, 5 s per attempt, 2 retries from 0.5 s.
    public init(
        events: Set<AlertEventKind> = Set(AlertEventKind.allCases),
        rateLimit: Int = 10,
        ratePeriod: Double = 60,
        timeout: UInt64 = 5_000_000_000,
        retries: Int = 2,
        backoff: UInt64 = 500_000_000
    ) {
        self.events = events
        self.rateLimit = rateLimit
        self.ratePeriod = ratePeriod
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
    }

    /// The longest a delivery with its retries can take, nanoseconds.
    public var longestDelivery: UInt64 {
        var total = timeout
        var wait = backoff
        for _ in 0..<max(0, retries) {
            total += timeout + wait
            wait *= 2
        }
        return total
    }
}
