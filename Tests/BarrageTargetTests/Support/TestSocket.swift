import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Why a test socket read did not get what it waited for.
enum TestSocketError: Error, CustomStringConvertible {
    case timedOut(received: [UInt8])
    case closed(received: [UInt8])

    var description: String {
        switch self {
        case .timedOut(let bytes):
            "timed out after receiving \(bytes.count) bytes: \(String(decoding: bytes.prefix(200), as: UTF8.self))"
        case .closed(let bytes):
            "connection closed after \(bytes.count) bytes: \(String(decoding: bytes.prefix(200), as: UTF8.self))"
        }
    }
}

/// A raw TCP client for tests: send bytes, wait (bounded) until the received bytes satisfy a condition, see whether
/// the peer closed or reset the connection.
final class TestSocket: Sendable {
    let channel: any Channel
    private let collector: ByteCollector

    private init(channel: any Channel, collector: ByteCollector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(port: Int, host: String = "127.0.0.1") async throws -> TestSocket {
        let collector = ByteCollector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: host, port: port)
            .get()
        return TestSocket(channel: channel, collector: collector)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    /// Waits until `complete` returns how many received bytes make one message, removes and returns them.
    func receive(
        timeout: TimeAmount = .seconds(5),
        until complete: @escaping @Sendable (_ bytes: [UInt8], _ closed: Bool) -> Int?
    ) async throws -> [UInt8] {
        let collector = self.collector
        return try await channel.eventLoop.flatSubmit {
            collector.wait(for: complete, timeout: timeout)
        }.get()
    }

    /// Waits until the peer closes; true when it reset the connection (RST) rather than closing it (FIN).
    func waitForClose(timeout: TimeAmount = .seconds(5)) async throws -> (bytes: [UInt8], reset: Bool) {
        let bytes = try await receive(timeout: timeout) { bytes, closed in closed ? bytes.count : nil }
        let collector = self.collector
        let reset = try await channel.eventLoop.submit { collector.sawReset }.get()
        return (bytes, reset)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Collects received bytes on the channel's event loop and wakes one waiter.
private final class ByteCollector: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: every member is touched only on the channel's event loop.
    typealias InboundIn = ByteBuffer

    private var received: [UInt8] = []
    private var closed = false
    private(set) var sawReset = false
    private var waiter:
        (complete: @Sendable ([UInt8], Bool) -> Int?, promise: EventLoopPromise<[UInt8]>, timer: Scheduled<Void>)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        received += buffer.readBytes(length: buffer.readableBytes) ?? []
        check()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        check()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? IOError, error.errnoCode == ECONNRESET { sawReset = true }
        context.close(promise: nil)
    }

    func wait(
        for complete: @escaping @Sendable ([UInt8], Bool) -> Int?,
        timeout: TimeAmount
    ) -> EventLoopFuture<[UInt8]> {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
        let promise = loop.makePromise(of: [UInt8].self)
        let timer = loop.scheduleTask(in: timeout) { [self] in
            guard let waiter = self.waiter else { return }
            self.waiter = nil
            waiter.promise.fail(TestSocketError.timedOut(received: self.received))
        }
        waiter = (complete, promise, timer)
        check()
        return promise.futureResult
    }

    private func check() {
        guard let waiter else { return }
        if let count = waiter.complete(received, closed) {
            self.waiter = nil
            waiter.timer.cancel()
            let message = Array(received.prefix(count))
            received.removeFirst(min(count, received.count))
            waiter.promise.succeed(message)
        } else if closed {
            self.waiter = nil
            waiter.timer.cancel()
            waiter.promise.fail(TestSocketError.closed(received: received))
        }
    }
}
