import BarrageCore

/// How a `connect` step opens its connection.
public struct WebSocketConnectOptions: Sendable {
    /// The `ws://` or `wss://` URL as written. Read only in `WebSocketConnection.open`.
    public var url: String
    /// Extra handshake headers, in the order written. Read only in `WebSocketConnection.open`, which keeps them for
    /// lws's handshake callback.
    public var headers: [(name: String, value: String)]
    /// The subprotocol to ask for (`Sec-WebSocket-Protocol`), if any. Read only in `WebSocketConnection.open`.
    public var subprotocol: String?
    /// Whether to offer permessage-deflate.
    public var compression: Bool
    /// Whether to accept any server certificate (self-signed, expired, another host's) on `wss`.
    public var insecure: Bool
    /// Keep a connection left open by an earlier iteration instead of reconnecting: the step then succeeds at once.
    public var reuse: Bool
    /// Text messages sent right after the handshake (a subscription). Read only in `WebSocketClient.connect`.
    public var onOpen: [String]
    /// Wait for a message that matches before the step ends (a subscription's acknowledgement).
    public var expect: MessageMatch?

    static let fields = ["connect", "headers", "subprotocol", "compression", "tls", "reuse", "on_open", "expect"]

    static func parse(_ mapping: ConfigMapping) throws(ConfigError) -> WebSocketConnectOptions {
        let urlNode = try mapping.required("connect")
        let url = try urlNode.string()
        if !url.contains("${"), case .failure(let problem) = WebSocketURL.parse(url) {
            throw urlNode.error(problem.message)
        }
        var headers: [(name: String, value: String)] = []
        if let headerNode = mapping["headers"] {
            let pairs = try headerNode.mapping(allowedKeys: headerNode.keys)
            for name in pairs.keys {
                guard !name.isEmpty, name.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != ":" }) else {
                    throw headerNode.error("'\(name)' is not a header name")
                }
                let value = try pairs[name]?.string() ?? ""
                // By bytes: "\r\n" is one Character, which `contains("\r")` would not find.
                guard !value.utf8.contains(13), !value.utf8.contains(10) else {
                    throw (pairs[name] ?? headerNode).error("a header value cannot contain line breaks")
                }
                headers.append((name, value))
            }
        }
        var insecure = false
        if let tlsNode = mapping["tls"] {
            insecure = try tlsNode.mapping(allowedKeys: ["insecure"])["insecure"]?.bool() ?? false
        }
        var onOpen: [String] = []
        if let onOpenNode = mapping["on_open"] {
            if case .scalar(let text, _) = onOpenNode.value {
                onOpen = [text]
            } else {
                for item in try onOpenNode.sequence() { onOpen.append(try item.string()) }
            }
        }
        return WebSocketConnectOptions(
            url: url,
            headers: headers,
            subprotocol: try mapping["subprotocol"]?.string(),
            compression: try mapping["compression"]?.bool() ?? false,
            insecure: insecure,
            reuse: try mapping["reuse"]?.bool() ?? false,
            onOpen: onOpen,
            expect: try mapping["expect"].map { node throws(ConfigError) in try MessageMatch.parse(node) }
        )
    }
}
