import NIOCore

/// The slow-response fault: while it is set, outgoing bytes leave at most `bytes` per `interval_ms`.
///
/// Sits next to the socket, so it slows whatever the protocol writes. With the fault off and nothing queued it
/// passes writes straight through.
final class TrickleWriteHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private struct PendingWrite {
        var buffer: ByteBuffer
        var promise: EventLoopPromise<Void>?
    }

    private var faults: FaultView
    private var queue = CircularBuffer<PendingWrite>()
    private var timer: Scheduled<Void>?

    init(listener: TargetListener, board: FaultBoard) {
        self.faults = board.view(of: listener)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let slow = faults.current().faults.slow
        guard case .byteBuffer(let buffer) = unwrapOutboundIn(data), slow != nil || !queue.isEmpty else {
            context.write(data, promise: promise)
            return
        }
        queue.append(PendingWrite(buffer: buffer, promise: promise))
        if timer == nil { pump(context: context) }
    }

    func flush(context: ChannelHandlerContext) {
        if queue.isEmpty { context.flush() }
    }

    private func pump(context: ChannelHandlerContext) {
        timer = nil
        guard let slow = faults.current().faults.slow else {
            // The fault was cleared: send what is queued now.
            while let pending = queue.popFirst() {
                context.write(wrapOutboundOut(.byteBuffer(pending.buffer)), promise: pending.promise)
            }
            context.flush()
            return
        }
        var budget = slow.bytes
        while budget > 0, var pending = queue.first {
            let chunkSize = min(budget, pending.buffer.readableBytes)
            let chunk = pending.buffer.readSlice(length: chunkSize) ?? ByteBuffer()
            budget -= chunkSize
            if pending.buffer.readableBytes == 0 {
                _ = queue.removeFirst()
                context.write(wrapOutboundOut(.byteBuffer(chunk)), promise: pending.promise)
            } else {
                queue[queue.startIndex] = pending
                context.write(wrapOutboundOut(.byteBuffer(chunk)), promise: nil)
            }
        }
        context.flush()
        if !queue.isEmpty {
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(slow.intervalMs))) {
                self.pump(context: context)
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        while let pending = queue.popFirst() {
            pending.promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        timer?.cancel()
        timer = nil
        while let pending = queue.popFirst() {
            pending.promise?.fail(ChannelError.ioOnClosedChannel)
        }
        context.close(mode: mode, promise: promise)
    }
}
