import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// The embedded target server: HTTP, WebSocket, TCP line echo and UDP echo on loopback, with fault modes.
///
/// Start it in-process (tests do), read ``ports``, change faults through ``faults`` or `POST /admin/faults`, and
/// stop it:
/// ```swift
/// let server = try await TargetServer.start(.ephemeral())
/// print(server.ports.http)
/// try await server.stop()
/// ```
public final class TargetServer: Sendable {
    /// Where the listeners are.
    public let ports: TargetPorts
    /// The faults in force; replace them at run time.
    public let faults: FaultBoard
    /// The counters `GET /stats` reports.
    public let statistics: TargetStatistics
    /// The `/items` store.
    public let items: ItemStore
    /// The `/pubsub` topics.
    public let hub: PubSubHub

    private let group: MultiThreadedEventLoopGroup
    private let listeners: [any Channel]
    private let ticker: TickerPublisher

    private init(
        ports: TargetPorts,
        shared: SharedState,
        group: MultiThreadedEventLoopGroup,
        listeners: [any Channel],
        ticker: TickerPublisher
    ) {
        self.ports = ports
        self.faults = shared.board
        self.statistics = shared.statistics
        self.items = shared.items
        self.hub = shared.hub
        self.group = group
        self.listeners = listeners
        self.ticker = ticker
    }

    /// What every handler of one server shares.
    private struct SharedState: Sendable {
        let board: FaultBoard
        let statistics = TargetStatistics()
        let items = ItemStore()
        let hub = PubSubHub()
        let tokens = LoginTokens()

        var responder: HTTPResponder {
            HTTPResponder(items: items, tokens: tokens, statistics: statistics, board: board)
        }
    }

    /// Validates `configuration`, binds all four listeners and starts the ticker.
    ///
    /// - Throws: ``TargetError``; nothing is left running when it throws.
    public static func start(_ configuration: TargetConfiguration) async throws(TargetError) -> TargetServer {
        try configuration.validate()
        let shared = SharedState(board: FaultBoard(configuration.faults))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.threads)
        var listeners: [any Channel] = []
        do {
            for listener in TargetListener.allCases {
                listeners.append(try await bind(listener, configuration: configuration, shared: shared, group: group))
            }
        } catch {
            for channel in listeners {
                try? await channel.close()
            }
            try? await group.shutdownGracefully()
            throw error
        }
        let boundPorts = listeners.map { $0.localAddress?.port ?? 0 }
        let ports = TargetPorts(
            host: configuration.host,
            http: boundPorts[0],
            ws: boundPorts[1],
            tcp: boundPorts[2],
            udp: boundPorts[3]
        )
        let ticker = TickerPublisher(hub: shared.hub, ticksPerSecond: configuration.tickRate, eventLoop: group.next())
        return TargetServer(ports: ports, shared: shared, group: group, listeners: listeners, ticker: ticker)
    }

    /// Stops listening, closes every connection and stops the event loop threads.
    public func stop() async throws {
        if let stopped = ticker.stop() {
            try? await stopped.get()
        }
        for channel in listeners {
            try? await channel.close()
        }
        try await group.shutdownGracefully()
    }

    private static func bind(
        _ listener: TargetListener,
        configuration: TargetConfiguration,
        shared: SharedState,
        group: MultiThreadedEventLoopGroup
    ) async throws(TargetError) -> any Channel {
        let host = configuration.host
        let port = configuration.port(of: listener)
        do {
            if listener == .udp {
                return try await DatagramBootstrap(group: group)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                UDPEchoHandler(board: shared.board, statistics: shared.statistics)
                            )
                        }
                    }
                    .bind(host: host, port: port)
                    .get()
            }
            return try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try configureConnection(channel, listener: listener, shared: shared)
                    }
                }
                .bind(host: host, port: port)
                .get()
        } catch {
            throw .bindFailed(listener, host: host, port: port, reason: "\(error)")
        }
    }

    private static func configureConnection(
        _ channel: any Channel,
        listener: TargetListener,
        shared: SharedState
    ) throws {
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(
            ConnectionGateHandler(listener: listener, board: shared.board, statistics: shared.statistics)
        )
        try pipeline.addHandler(TrickleWriteHandler(listener: listener, board: shared.board))
        switch listener {
        case .http:
            try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
            try pipeline.addHandler(HTTPTargetHandler(responder: shared.responder, board: shared.board))
        case .ws:
            let upgrader = NIOWebSocketServerUpgrader(
                maxFrameSize: 1 << 24,
                automaticErrorHandling: true,
                shouldUpgrade: { channel, head in
                    let endpoint = WebSocketTargetHandler.Endpoint(path: head.uri)
                    return channel.eventLoop.makeSucceededFuture(endpoint == nil ? nil : HTTPHeaders())
                },
                upgradePipelineHandler: { channel, head in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        pipeline.removeHandler(name: WebSocketUpgradeRequiredHandler.name, promise: nil)
                        try pipeline.addHandler(
                            NIOWebSocketFrameAggregator(
                                minNonFinalFragmentSize: 0,
                                maxAccumulatedFrameCount: 1024,
                                maxAccumulatedFrameSize: 1 << 24
                            )
                        )
                        try pipeline.addHandler(
                            WebSocketTargetHandler(
                                endpoint: WebSocketTargetHandler.Endpoint(path: head.uri) ?? .echo,
                                board: shared.board,
                                statistics: shared.statistics,
                                hub: shared.hub
                            )
                        )
                    }
                }
            )
            try pipeline.configureHTTPServerPipeline(
                withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in })
            )
            try pipeline.addHandler(WebSocketUpgradeRequiredHandler(), name: WebSocketUpgradeRequiredHandler.name)
        case .tcp:
            try pipeline.addHandler(ByteToMessageHandler(LineFrameDecoder()))
            try pipeline.addHandler(TCPLineEchoHandler(board: shared.board, statistics: shared.statistics))
        case .udp:
            break
        }
    }
}

extension WebSocketTargetHandler.Endpoint {
    /// The endpoint a request URI names (query ignored), if any.
    init?(path uri: String) {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        self.init(rawValue: String(path))
    }
}
