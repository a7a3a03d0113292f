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
    /// The most messages kept unread on the connection; older ones are dropped (`messages_dropped`).
    public var maxQueued: Int = MessageQueue.defaultLimit
    /// Text messages sent right after the handshake (a subscription). Read only in `WebSocketClient.connect`.
    public var onOpen: [String]
    /// Wait for a message that matches before the step ends (a subscription's acknowledgement).
    public var expect: MessageMatch?
    /// URL, header values and `on_open` messages as templates, when one of them reads VU variables: rendered
    /// into a copy of these options for each connect (`rendered(_:)`).
    public var templates: ConnectTemplates?

    /// The parts of a `connect` that read variables.
    public struct ConnectTemplates: Sendable {
        /// The URL.
        public var url: Template
        /// Each header's value, in `headers` order.
        public var headerValues: [Template]
        /// Each `on_open` message.
        public var onOpen: [Template]
    }

    /// These options with their templates rendered from `scope` (themselves when nothing reads variables).
    func rendered(_ scope: VariableScope) -> WebSocketConnectOptions {
        guard let templates else { return self }
        var copy = self
        copy.url = templates.url.render(scope)
        for index in copy.headers.indices where index < templates.headerValues.count {
            copy.headers[index].value = templates.headerValues[index].render(scope)
        }
        copy.onOpen = templates.onOpen.map { $0.render(scope) }
        return copy
    }

    static let fields = [
        "connect", "headers", "subprotocol", "compression", "tls", "reuse", "on_open", "expect", "max_queued",
    ]

    static func parse(_ mapping: ConfigMapping) throws(ConfigError) -> WebSocketConnectOptions {
        let urlNode = try mapping.required("connect")
        let urlTemplate = try urlNode.template()
        let url = urlTemplate.constantText ?? urlTemplate.description
        if urlTemplate.isConstant, case .failure(let problem) = WebSocketURL.parse(url) {
            throw urlNode.error(problem.message)
        }
        var headerTemplates: [Template] = []
        var onOpenTemplates: [Template] = []
        var headers: [(name: String, value: String)] = []
        if let headerNode = mapping["headers"] {
            let pairs = try headerNode.mapping(allowedKeys: headerNode.keys)
            for name in pairs.keys {
                guard !name.isEmpty, name.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != ":" }) else {
                    throw headerNode.error("'\(name)' is not a header name")
                }
                let template = try pairs[name]?.template() ?? Template(literal: "")
                headerTemplates.append(template)
                let value = template.constantText ?? template.description
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
            let items: [ConfigNode] =
                if case .scalar = onOpenNode.value { [onOpenNode] } else { try onOpenNode.sequence() }
            for item in items {
                let template = try item.template()
                onOpenTemplates.append(template)
                onOpen.append(template.constantText ?? template.description)
            }
        }
        let dynamic = !urlTemplate.isConstant || !(headerTemplates + onOpenTemplates).allSatisfy(\.isConstant)
        var options = WebSocketConnectOptions(
            url: url,
            headers: headers,
            subprotocol: try mapping["subprotocol"]?.string(),
            compression: try mapping["compression"]?.bool() ?? false,
            insecure: insecure,
            reuse: try mapping["reuse"]?.bool() ?? false,
            onOpen: onOpen,
            expect: try mapping["expect"].map { node throws(ConfigError) in try MessageMatch.parse(node) }
        )
        if let node = mapping["max_queued"] {
            let limit = try node.int()
            guard (1...1_000_000).contains(limit) else { throw node.error("max_queued must be 1…1000000") }
            options.maxQueued = limit
        }
        if dynamic {
            options.templates = ConnectTemplates(
                url: urlTemplate,
                headerValues: headerTemplates,
                onOpen: onOpenTemplates
            )
        }
        return options
    }
}
