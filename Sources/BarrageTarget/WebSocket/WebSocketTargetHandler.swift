import Foundation
import NIOCore
import NIOWebSocket

/// One upgraded WebSocket connection, on `/echo` or `/pubsub`, under the listener's faults.
///
/// Echo answers every text or binary message with the same message. Pub/sub reads ``PubSubCommand``s. Both answer
/// pings with pongs and close handshakes with a close. Faults apply to each incoming message; a stall also holds
/// messages delivered to a subscriber (ticks keep their send time, so the hold shows as latency).
final class WebSocketTargetHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// Which endpoint the connection upgraded on.
    enum Endpoint: String {
        case echo = "/echo"
        case pubsub = "/pubsub"
    }

    private let endpoint: Endpoint
    private let statistics: TargetStatistics
    private let hub: PubSubHub
    private var faults: FaultView
    private var generator = SplitMix64()
    private var deadlines = OrderedDeadlines()
    private var subscriberID: UInt64 = 0
    private var topics: Set<String> = []
    private var closeSent = false
    private var removed = false
    private var context: ChannelHandlerContext?

    init(endpoint: Endpoint, board: FaultBoard, statistics: TargetStatistics, hub: PubSubHub) {
        self.endpoint = endpoint
        self.statistics = statistics
        self.hub = hub
        self.faults = board.view(of: .ws)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        subscriberID = hub.makeSubscriberID()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
        self.context = nil
        for topic in topics {
            hub.unsubscribe(subscriberID, from: topic)
        }
        topics.removeAll()
    }

    func channelInactive(context: ChannelHandlerContext) {
        for topic in topics {
            hub.unsubscribe(subscriberID, from: topic)
        }
        topics.removeAll()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            guard !closeSent else {
                context.close(promise: nil)
                return
            }
            closeSent = true
            let reply = WebSocketFrame(fin: true, opcode: .connectionClose, data: frame.unmaskedData)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(reply)).whenComplete { _ in channel.close(promise: nil) }
        case .text, .binary:
            statistics.countMessage(.ws)
            let (current, since) = faults.current()
            let now = NIODeadline.now()
            let plan = FaultPlan.draw(current, since: since, now: now, using: &generator)
            let message = WebSocketFrame(fin: true, opcode: frame.opcode, data: frame.unmaskedData)
            if plan.delay <= .zero, !deadlines.hasPending(at: now) {
                act(context: context, on: message, plan.action)
            } else {
                let deadline = deadlines.deadline(after: max(plan.delay, .zero), now: now)
                context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
                    guard !self.removed else { return }
                    self.act(context: context, on: message, plan.action)
                }
            }
        default:
            break
        }
    }

    private func act(context: ChannelHandlerContext, on message: WebSocketFrame, _ action: FaultPlan.Action) {
        switch action {
        case .answer:
            switch endpoint {
            case .echo: context.writeAndFlush(wrapOutboundOut(message), promise: nil)
            case .pubsub: perform(context: context, message)
            }
        case .fail(.drop):
            statistics.countFault(.ws)
        case .fail(.close), .fail(.status):
            statistics.countFault(.ws)
            context.close(promise: nil)
        case .reset:
            statistics.countFault(.ws)
            ConnectionReset.reset(context.channel)
        case .garbage(let count):
            statistics.countFault(.ws)
            // Raw bytes below the frame encoder: the peer sees a broken WebSocket stream.
            let garbage = RandomBytes.buffer(count: count, using: &generator)
            let channel = context.channel
            if let encoder = try? context.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self) {
                encoder.writeAndFlush(NIOAny(garbage)).whenComplete { _ in channel.close(promise: nil) }
            } else {
                context.close(promise: nil)
            }
        }
    }

    private func perform(context: ChannelHandlerContext, _ message: WebSocketFrame) {
        let reply: String
        switch PubSubCommand.parse(message.data) {
        case .success(.subscribe(let topic)):
            if topics.insert(topic).inserted {
                hub.subscribe(makeSubscriber(eventLoop: context.eventLoop), to: topic)
            }
            reply = "{\"subscribed\":\(jsonString(topic))}"
        case .success(.unsubscribe(let topic)):
            topics.remove(topic)
            hub.unsubscribe(subscriberID, from: topic)
            reply = "{\"unsubscribed\":\(jsonString(topic))}"
        case .success(.publish(let topic, let data)):
            let receivers = hub.publish(data, to: topic)
            reply = "{\"published\":\(jsonString(topic)),\"receivers\":\(receivers)}"
        case .failure(let error):
            reply = "{\"error\":\(jsonString(error.message))}"
        }
        let frame = WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: reply))
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    private func makeSubscriber(eventLoop: any EventLoop) -> PubSubHub.Subscriber {
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        return PubSubHub.Subscriber(id: subscriberID) { message in
            eventLoop.execute { handler.value.deliverPublished(message) }
        }
    }

    /// Writes a published message to this subscriber, held while a stall lasts.
    private func deliverPublished(_ message: ByteBuffer) {
        guard let context, !removed else { return }
        let frame = WebSocketFrame(fin: true, opcode: .text, data: message)
        let (current, since) = faults.current()
        let now = NIODeadline.now()
        let hold =
            current.stall.map {
                TimeAmount.nanoseconds($0.remainingNanoseconds(afterElapsed: (now - since).nanoseconds))
            } ?? .zero
        if hold <= .zero, !deadlines.hasPending(at: now) {
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
            return
        }
        let deadline = deadlines.deadline(after: hold, now: now)
        context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            guard !self.removed else { return }
            context.writeAndFlush(self.wrapOutboundOut(frame), promise: nil)
        }
    }

    private func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
