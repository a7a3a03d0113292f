import NIOCore

/// How to run the target server: where to listen, how many threads, the ticker rate and the initial faults.
public struct TargetConfiguration: Sendable {
    /// The default loopback ports: HTTP 8080, WebSocket 8081, TCP 9000, UDP 9001.
    public static let defaultPorts = TargetPorts(host: "127.0.0.1", http: 8080, ws: 8081, tcp: 9000, udp: 9001)

    /// The default number of event loop threads: one per core.
    public static let defaultThreadCount = System.coreCount

    /// The address to bind; loopback unless ``allowNonLoopback``.
    public var host: String
    /// The HTTP port; 0 picks a free one.
    public var httpPort: Int
    /// The WebSocket port; 0 picks a free one.
    public var wsPort: Int
    /// The TCP line-echo port; 0 picks a free one.
    public var tcpPort: Int
    /// The UDP echo port; 0 picks a free one.
    public var udpPort: Int
    /// Event loop threads (NIO); 1 when the process is pinned to one core.
    public var threads: Int
    /// Messages per second on the `ticker` pub/sub topic; 0 turns the ticker off.
    public var tickRate: Double
    /// Whether a host that is not loopback may be bound.
    public var allowNonLoopback: Bool
    /// Faults in force from the start.
    public var faults: FaultSet

    /// Creates a configuration; by default the fixed loopback ports, one thread per core, 10 ticks a second and no
    /// faults.
    public init(
        host: String = TargetConfiguration.defaultPorts.host,
        httpPort: Int = TargetConfiguration.defaultPorts.http,
        wsPort: Int = TargetConfiguration.defaultPorts.ws,
        tcpPort: Int = TargetConfiguration.defaultPorts.tcp,
        udpPort: Int = TargetConfiguration.defaultPorts.udp,
        threads: Int = System.coreCount,
        tickRate: Double = 10,
        allowNonLoopback: Bool = false,
        faults: FaultSet = FaultSet()
    ) {
        self.host = host
        self.httpPort = httpPort
        self.wsPort = wsPort
        self.tcpPort = tcpPort
        self.udpPort = udpPort
        self.threads = threads
        self.tickRate = tickRate
        self.allowNonLoopback = allowNonLoopback
        self.faults = faults
    }

    /// Every port 0 (free ports chosen at start), for tests that run side by side.
    public static func ephemeral(threads: Int = 1, tickRate: Double = 10, faults: FaultSet = FaultSet()) -> Self {
        TargetConfiguration(
            httpPort: 0,
            wsPort: 0,
            tcpPort: 0,
            udpPort: 0,
            threads: threads,
            tickRate: tickRate,
            faults: faults
        )
    }

    /// The requested port of one listener.
    public func port(of listener: TargetListener) -> Int {
        switch listener {
        case .http: httpPort
        case .ws: wsPort
        case .tcp: tcpPort
        case .udp: udpPort
        }
    }

    /// Checks the configuration before anything is bound.
    public func validate() throws(TargetError) {
        if !allowNonLoopback, !Self.isLoopback(host) { throw .nonLoopbackHost(host) }
        for listener in TargetListener.allCases where !(0...65_535).contains(port(of: listener)) {
            throw .invalidPort(listener, port(of: listener))
        }
        if threads < 1 { throw .invalidThreadCount(threads) }
        if !(tickRate >= 0 && tickRate.isFinite) { throw .invalidTickRate(tickRate) }
    }

    /// Whether `host` is `localhost`, an address in 127.0.0.0/8 or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        guard let address = try? SocketAddress(ipAddress: host, port: 0) else { return false }
        switch address {
        case .v4:
            return host.split(separator: ".").first == "127"
        case .v6:
            return address.ipAddress == "::1"
        case .unixDomainSocket:
            return false
        }
    }
}
