import NIOCore

/// The UDP listener: answers each datagram with the same bytes to its sender, under the listener's faults.
///
/// Error faults drop the datagram; garbage answers random bytes; latency and stalls delay the answer.
final class UDPEchoHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let statistics: TargetStatistics
    private var faults: FaultView
    private var generator = SplitMix64()
    private var needsFlush = false

    init(board: FaultBoard, statistics: TargetStatistics) {
        self.statistics = statistics
        self.faults = board.view(of: .udp)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let datagram = unwrapInboundIn(data)
        statistics.countMessage(.udp)
        let (current, since) = faults.current()
        let plan = FaultPlan.draw(current, since: since, now: current.isEmpty ? since : .now(), using: &generator)
        var answer = AddressedEnvelope(remoteAddress: datagram.remoteAddress, data: datagram.data)
        switch plan.action {
        case .answer:
            break
        case .garbage(let count):
            statistics.countFault(.udp)
            answer.data = RandomBytes.buffer(count: count, using: &generator)
        case .fail, .reset:
            statistics.countFault(.udp)
            return
        }
        if plan.delay <= .zero {
            context.write(wrapOutboundOut(answer), promise: nil)
            needsFlush = true
        } else {
            context.eventLoop.assumeIsolated().scheduleTask(in: plan.delay) {
                context.writeAndFlush(self.wrapOutboundOut(answer), promise: nil)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A datagram to a closed port reports ECONNREFUSED later; the listener keeps serving.
    }
}
