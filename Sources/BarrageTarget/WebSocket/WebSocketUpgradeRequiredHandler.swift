import NIOCore
import NIOHTTP1

/// Answers plain HTTP requests on the WebSocket port: 426 on `/echo` and `/pubsub` (they need an upgrade), 404
/// elsewhere. Removed from the pipeline once a connection upgrades.
final class WebSocketUpgradeRequiredHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The pipeline name the upgrade removes it by.
    static let name = "barrage-ws-upgrade-required"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let isEndpoint = WebSocketTargetHandler.Endpoint(rawValue: path) != nil
        let status: HTTPResponseStatus = isEndpoint ? .upgradeRequired : .notFound
        let text = isEndpoint ? "\(path) needs a WebSocket upgrade\n" : "WebSocket endpoints are /echo and /pubsub\n"
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "text/plain")
        headers.add(name: "content-length", value: String(text.utf8.count))
        headers.add(name: "connection", value: "close")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil
        )
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
