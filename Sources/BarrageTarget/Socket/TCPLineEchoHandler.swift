import NIOCore

/// One TCP connection: echoes each line (with its `\n`), under the listener's faults.
///
/// Error modes: `close` closes the connection, `drop` swallows the line. Garbage answers random bytes instead of the
/// line and keeps the connection.
final class TCPLineEchoHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let statistics: TargetStatistics
    private var faults: FaultView
    private var generator = SplitMix64()
    private var deadlines = OrderedDeadlines()
    private var removed = false
    private var needsFlush = false

    init(board: FaultBoard, statistics: TargetStatistics) {
        self.statistics = statistics
        self.faults = board.view(of: .tcp)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var line = unwrapInboundIn(data)
        line.writeInteger(UInt8(ascii: "\n"))
        statistics.countMessage(.tcp)
        let (current, since) = faults.current()
        if current.isEmpty, !deadlines.hasPending(at: .now()) {
            context.write(wrapOutboundOut(line), promise: nil)
            needsFlush = true
            return
        }
        let now = NIODeadline.now()
        let plan = FaultPlan.draw(current, since: since, now: now, using: &generator)
        if plan.delay <= .zero, !deadlines.hasPending(at: now) {
            act(context: context, line, plan.action)
            return
        }
        let deadline = deadlines.deadline(after: max(plan.delay, .zero), now: now)
        context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            guard !self.removed else { return }
            self.act(context: context, line, plan.action)
            self.flushIfNeeded(context: context)
        }
    }

    private func act(context: ChannelHandlerContext, _ line: ByteBuffer, _ action: FaultPlan.Action) {
        switch action {
        case .answer:
            context.write(wrapOutboundOut(line), promise: nil)
            needsFlush = true
        case .fail(.drop):
            statistics.countFault(.tcp)
        case .fail(.close), .fail(.status):
            statistics.countFault(.tcp)
            context.close(promise: nil)
        case .reset:
            statistics.countFault(.tcp)
            ConnectionReset.reset(context.channel)
        case .garbage(let count):
            statistics.countFault(.tcp)
            context.write(wrapOutboundOut(RandomBytes.buffer(count: count, using: &generator)), promise: nil)
            needsFlush = true
        }
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
    }
}
