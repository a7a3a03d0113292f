import NIOCore
import NIOHTTP1

/// One HTTP/1.1 connection: collects each request, answers it through ``HTTPResponder`` under the listener's faults,
/// and writes the response bytes itself.
///
/// Answers leave in request order (pipelining works); a delayed answer is a timer on the connection's event loop,
/// never a blocked thread. `GET /` without faults writes one cached buffer: the path the benchmark measures.
final class HTTPTargetHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The largest request body accepted (413 beyond).
    static let maximumBodyBytes = 16 << 20
    /// Reads pause while this many answers wait, so a pipelining client cannot queue without bound.
    static let maximumPendingAnswers = 64

    private static let rootResponse = HTTPTargetResponse(
        status: .ok,
        contentType: "text/plain",
        body: ByteBuffer(string: HTTPResponder.rootBody)
    ).serialized(keepAlive: true)
    private static let continueResponse = ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n")

    private let responder: HTTPResponder
    private let statistics: TargetStatistics
    private var faults: FaultView
    private var generator = SplitMix64()
    private var deadlines = OrderedDeadlines()
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var pendingAnswers = 0
    private var closing = false
    private var removed = false
    private var readHeld = false
    private var needsFlush = false

    init(responder: HTTPResponder, board: FaultBoard) {
        self.responder = responder
        self.statistics = responder.statistics
        self.faults = board.view(of: .http)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                context.writeAndFlush(wrapOutboundOut(Self.continueResponse), promise: nil)
            }
        case .body(var chunk):
            body.setOrWriteBuffer(&chunk)
            if (body?.readableBytes ?? 0) > Self.maximumBodyBytes, !closing {
                closing = true
                let response = HTTPTargetResponse.error(
                    .payloadTooLarge,
                    "body larger than \(Self.maximumBodyBytes) bytes"
                )
                writeThenClose(context: context, response.serialized(keepAlive: false))
            }
        case .end:
            guard let head, !closing else { return }
            self.head = nil
            let request = body
            body = nil
            answer(context: context, head: head, body: request)
        }
    }

    private func answer(context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer?) {
        let path = head.uri.utf8.firstIndex(of: UInt8(ascii: "?")).map { head.uri[..<$0] } ?? head.uri[...]
        let (route, parameter) = HTTPRoute.match(path)
        statistics.countRequest(route)
        statistics.countMessage(.http)
        let keepAlive = head.isKeepAlive
        let (current, since) = faults.current()
        if route == .root, head.method == .GET, keepAlive, current.isEmpty, pendingAnswers == 0 {
            context.write(wrapOutboundOut(Self.rootResponse), promise: nil)
            needsFlush = true
            return
        }
        let request = HTTPResponder.Request(head: head, body: body, route: route, parameter: parameter)
        let (response, routeDelay) = responder.respond(to: request)
        let now = NIODeadline.now()
        let plan =
            route.isExemptFromFaults ? .none : FaultPlan.draw(current, since: since, now: now, using: &generator)
        let delay = plan.delay + routeDelay
        let includeBody = head.method != .HEAD
        if !keepAlive { closing = true }
        if delay <= .zero, !deadlines.hasPending(at: now), pendingAnswers == 0 {
            deliver(context: context, response, plan.action, keepAlive: keepAlive, includeBody: includeBody)
            return
        }
        let deadline = deadlines.deadline(after: max(delay, .zero), now: now)
        pendingAnswers += 1
        context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.pendingAnswers -= 1
            guard !self.removed else { return }
            self.deliver(context: context, response, plan.action, keepAlive: keepAlive, includeBody: includeBody)
            self.flushIfNeeded(context: context)
            if self.readHeld, self.pendingAnswers < Self.maximumPendingAnswers {
                self.readHeld = false
                context.read()
            }
        }
    }

    private func deliver(
        context: ChannelHandlerContext,
        _ response: HTTPTargetResponse,
        _ action: FaultPlan.Action,
        keepAlive: Bool,
        includeBody: Bool
    ) {
        guard context.channel.isActive else { return }
        var bytes: ByteBuffer
        var close = !keepAlive
        switch action {
        case .answer:
            bytes = response.serialized(keepAlive: keepAlive, includeBody: includeBody)
        case .fail(.status):
            statistics.countFault(.http)
            bytes = HTTPTargetResponse.error(.internalServerError, "injected fault (error rate)")
                .serialized(keepAlive: keepAlive, includeBody: includeBody)
        case .fail(.close), .fail(.drop):
            statistics.countFault(.http)
            closing = true
            context.close(promise: nil)
            return
        case .reset:
            statistics.countFault(.http)
            closing = true
            ConnectionReset.reset(context.channel)
            return
        case .garbage(let count):
            statistics.countFault(.http)
            bytes = RandomBytes.buffer(count: count, using: &generator)
            close = true
        }
        if close {
            closing = true
            writeThenClose(context: context, bytes)
        } else {
            context.write(wrapOutboundOut(bytes), promise: nil)
            needsFlush = true
        }
    }

    private func writeThenClose(context: ChannelHandlerContext, _ bytes: ByteBuffer) {
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(bytes), promise: written)
        let channel = context.channel
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
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

    func read(context: ChannelHandlerContext) {
        if pendingAnswers >= Self.maximumPendingAnswers {
            readHeld = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError, !closing {
            closing = true
            let response = HTTPTargetResponse.error(.badRequest, "malformed HTTP request: \(error)")
            writeThenClose(context: context, response.serialized(keepAlive: false))
        } else {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
    }
}
