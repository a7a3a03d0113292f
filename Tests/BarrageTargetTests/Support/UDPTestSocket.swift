import NIOCore
import NIOPosix

/// A UDP client for tests: send a datagram, wait (bounded) for the next one.
final class UDPTestSocket: Sendable {
    private let channel: any Channel
    private let target: SocketAddress
    private let inbox: AsyncStream<[UInt8]>

    private init(channel: any Channel, target: SocketAddress, inbox: AsyncStream<[UInt8]>) {
        self.channel = channel
        self.target = target
        self.inbox = inbox
    }

    static func connect(port: Int) async throws -> UDPTestSocket {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramForwarder(continuation: continuation))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return UDPTestSocket(
            channel: channel,
            target: try SocketAddress(ipAddress: "127.0.0.1", port: port),
            inbox: stream
        )
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: ByteBuffer(string: text)))
    }

    /// The next datagram, or nil when none arrives within `timeout`.
    func receive(timeout: Duration = .seconds(5)) async -> [UInt8]? {
        let inbox = self.inbox
        return await withTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                var iterator = inbox.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    func close() async { try? await channel.close() }
}

private final class DatagramForwarder: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let continuation: AsyncStream<[UInt8]>.Continuation

    init(continuation: AsyncStream<[UInt8]>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data).data
        continuation.yield(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }
}
