import Synchronization

/// A listener that serves at most `perSecond` answers per second, like a server with one queue in front of a
/// fixed service rate: each answer takes `1/perSecond` of service, requests wait their turn in arrival order,
/// so below capacity an answer takes about one service time and above it the wait grows without bound until
/// the load drops and the queue drains. That makes a knee at a known throughput, for stress and spike tests.
///
/// JSON: `{"per_second": 400}` or `{"per_second": 400, "max_wait_ms": 1000}`: with `max_wait_ms`, a request that
/// would wait longer is refused at once (the listener's default error: HTTP 500, a closed WebSocket or TCP
/// connection, a dropped UDP datagram) and takes no place in the queue.
public struct CapacityFault: FaultDocument {
    /// Answers per second the listener serves at most.
    public var perSecond: Double
    /// The longest wait accepted, ms; nil: every request waits its turn.
    public var maxWaitMs: Double?
    /// How a refused request fails: the listener's default error mode.
    public var refusal: ErrorFault.Mode
    /// The queue shared by every connection of the listener. `FaultBoard` gives each change of faults an empty
    /// one (`withEmptyQueue()`), so setting the same value again, or on a second server, shares no backlog.
    private(set) var queue = CapacityQueue()

    /// Makes a capacity fault for `listener`.
    public init(perSecond: Double, maxWaitMs: Double? = nil, listener: TargetListener) {
        self.perSecond = perSecond
        self.maxWaitMs = maxWaitMs
        refusal = ErrorFault.modes(for: listener)[0]
    }

    /// Takes a place in the queue for a request that arrived at `now` (ns); returns how long its answer waits
    /// (ns), or nil when the wait would pass `max_wait_ms` (the request is refused and takes no place).
    public func admit(now: Int64) -> Int64? {
        let service = Int64((1e9 / perSecond).rounded())
        let limit = maxWaitMs.map { Int64($0 * 1_000_000) }
        return queue.admit(now: now, service: service, limit: limit)
    }

    /// The same fault with an empty queue of its own.
    func withEmptyQueue() -> CapacityFault {
        var fault = self
        fault.queue = CapacityQueue()
        return fault
    }

    /// Reads `{"per_second": N, "max_wait_ms": M}`.
    public init(json: JSONValue, path: String) throws(FaultValidationError) {
        let reader = try FaultFieldReader(json, path: path, allowed: ["per_second", "max_wait_ms"])
        let perSecond = try reader.requiredNonNegativeNumber("per_second")
        guard perSecond >= 1 else {
            throw FaultValidationError(field: reader.field("per_second"), reason: "must be at least 1")
        }
        self.init(
            perSecond: perSecond,
            maxWaitMs: try reader.nonNegativeNumber("max_wait_ms"),
            listener: TargetListener(pathComponent: path)
        )
    }

    private enum CodingKeys: String, CodingKey {
        case perSecond = "per_second"
        case maxWaitMs = "max_wait_ms"
    }

    /// Encodes the JSON form above.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(perSecond, forKey: .perSecond)
        try container.encodeIfPresent(maxWaitMs, forKey: .maxWaitMs)
    }

    /// Equal when the settings are: the queue is state, not configuration.
    public static func == (lhs: CapacityFault, rhs: CapacityFault) -> Bool {
        lhs.perSecond == rhs.perSecond && lhs.maxWaitMs == rhs.maxWaitMs && lhs.refusal == rhs.refusal
    }
}

/// The virtual clock of a capacity fault's queue: the moment the server is free again. Connections on every
/// event loop take their place with one compare-and-exchange, no lock.
final class CapacityQueue: Sendable {
    private let freeAt = Atomic<Int64>(0)

    /// Books one service of `service` ns for a request that arrived at `now`; returns the wait until its answer
    /// (queueing plus service), or nil without booking when that would pass `limit`.
    func admit(now: Int64, service: Int64, limit: Int64?) -> Int64? {
        var free = freeAt.load(ordering: .relaxed)
        while true {
            let done = max(free, now) + service
            let wait = done - now
            if let limit, wait > limit { return nil }
            let (exchanged, original) = freeAt.compareExchange(
                expected: free,
                desired: done,
                ordering: .relaxed
            )
            if exchanged { return wait }
            free = original
        }
    }
}
