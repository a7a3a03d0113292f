import NIOCore

/// First handler of every TCP connection: counts it, and closes it at once when the listener refuses connections or
/// is at its connection cap.
final class ConnectionGateHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let listener: TargetListener
    private let statistics: TargetStatistics
    private var faults: FaultView
    private var counted = false

    init(listener: TargetListener, board: FaultBoard, statistics: TargetStatistics) {
        self.listener = listener
        self.statistics = statistics
        self.faults = board.view(of: listener)
    }

    func channelActive(context: ChannelHandlerContext) {
        let open = statistics.connectionOpened(listener)
        counted = true
        let current = faults.current().faults
        if current.refuse == true || current.maxConnections.map({ open > $0 }) == true {
            statistics.connectionRejected(listener)
            context.close(promise: nil)
            return
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if counted {
            counted = false
            statistics.connectionClosed(listener)
        }
        context.fireChannelInactive()
    }
}
