/// The faults of one listener; every mode is optional and absent means off.
///
/// JSON keys: `latency`, `capacity`, `error`, `stall`, `slow`, `reset`, `garbage`, `refuse`, `max_connections`.
/// UDP has no
/// connections, so `slow`, `reset`, `refuse` and `max_connections` are refused for it.
public struct ListenerFaults: FaultDocument {
    /// Added latency before each answer.
    public var latency: LatencyFault?
    /// A limit on answers per second, with a queue in front of it.
    public var capacity: CapacityFault?
    /// A share of requests that fail.
    public var error: ErrorFault?
    /// Periodic stalls during which answers are held.
    public var stall: StallFault?
    /// Answers trickled a few bytes at a time.
    public var slow: SlowFault?
    /// A share of requests answered by a TCP reset (SO_LINGER 0, then close).
    public var reset: ChanceFault?
    /// A share of requests answered by random bytes.
    public var garbage: ChanceFault?
    /// Close every new connection as soon as it is accepted.
    public var refuse: Bool?
    /// Close new connections beyond this many open ones.
    public var maxConnections: Int?

    /// No faults.
    public init(
        latency: LatencyFault? = nil,
        error: ErrorFault? = nil,
        stall: StallFault? = nil,
        slow: SlowFault? = nil,
        reset: ChanceFault? = nil,
        garbage: ChanceFault? = nil,
        refuse: Bool? = nil,
        maxConnections: Int? = nil,
        capacity: CapacityFault? = nil
    ) {
        self.latency = latency
        self.capacity = capacity
        self.error = error
        self.stall = stall
        self.slow = slow
        self.reset = reset
        self.garbage = garbage
        self.refuse = refuse
        self.maxConnections = maxConnections
    }

    /// Whether no fault is set, so handlers can skip all fault work.
    public var isEmpty: Bool { self == ListenerFaults() }

    private enum CodingKeys: String, CodingKey {
        case latency, capacity, error, stall, slow, reset, garbage, refuse
        case maxConnections = "max_connections"
    }

    /// Reads a listener's faults; the listener is the last path component (`faults.tcp`).
    public init(json: JSONValue, path: String) throws(FaultValidationError) {
        let listener = TargetListener(rawValue: String(path.split(separator: ".").last ?? "")) ?? .http
        let connectionKeys: Set<String> = ["slow", "reset", "refuse", "max_connections"]
        var allowed: Set<String> = ["latency", "capacity", "error", "stall", "garbage"]
        if listener.isConnectionOriented { allowed.formUnion(connectionKeys) }
        if case .object(let fields) = json,
            let key = fields.keys.sorted().first(where: { connectionKeys.contains($0) && !allowed.contains($0) })
        {
            throw FaultValidationError(field: "\(path).\(key)", reason: "not supported for udp (it has no connections)")
        }
        let reader = try FaultFieldReader(json, path: path, allowed: allowed)
        self.init()
        if let value = reader.value("latency") {
            latency = try LatencyFault(json: value, path: reader.field("latency"))
        }
        if let value = reader.value("capacity") {
            capacity = try CapacityFault(json: value, path: reader.field("capacity"))
        }
        if let value = reader.value("error") { error = try ErrorFault(json: value, path: reader.field("error")) }
        if let value = reader.value("stall") { stall = try StallFault(json: value, path: reader.field("stall")) }
        if let value = reader.value("slow") { slow = try SlowFault(json: value, path: reader.field("slow")) }
        if let value = reader.value("reset") { reset = try ChanceFault(json: value, path: reader.field("reset")) }
        if let value = reader.value("garbage") { garbage = try ChanceFault(json: value, path: reader.field("garbage")) }
        refuse = try reader.bool("refuse")
        maxConnections = try reader.integer("max_connections", in: 0...1_000_000)
    }
}
