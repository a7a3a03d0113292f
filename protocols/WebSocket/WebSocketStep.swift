import BarrageCore

/// One `ws:` step: what a VU does on its WebSocket connection. Exactly one action key: `connect`, `send`,
/// `expect`, `receive`, `ping` or `close` (docs/websocket.md lists the fields of each).
///
/// Parsed once at load time and shared by every VU (a `final class` of `let`s: cheap to cast per execution).
/// Every text a user writes (URL, header values, payloads, close reason) is kept as the `String` written and read
/// in one place when the step executes, so that it can become a per-VU template later.
public final class WebSocketStep: StepDefinition, Sendable {
    /// What the step does.
    public enum Action: Sendable {
        /// Open the VU's connection (closing one left open, unless `reuse`).
        case connect(WebSocketConnectOptions)
        /// Send a message, and optionally wait for the answer that matches.
        case send(WebSocketSendOptions)
        /// Wait for a message that matches; latency counts from the connection's last unanswered send.
        case expect(MessageMatch)
        /// Receive messages: a number of them, or for a duration.
        case receive(WebSocketReceiveOptions)
        /// Send a ping and wait for its pong. The payload is read only in `WebSocketClient.execute` (its `.ping` case).
        case ping(payload: String)
        /// Close the connection with a code and reason and wait for the server's close. The reason is read only in
        /// `WebSocketConnection.startClose`.
        case close(code: UInt16, reason: String)
        /// The step of an ad-hoc run with `--send`: open the VU's connection when it has none open (kept across
        /// iterations), then send the message and wait for the answer (`send`'s `expect`).
        case connectAndSend(WebSocketConnectOptions, WebSocketSendOptions)
    }

    /// The action.
    public let action: Action
    /// How long the step may take, ns (the handshake timeout for `connect`).
    public let timeout: UInt64

    /// `receive` fills three phase slots: the wait for the first message, the mean gap between a message and the one
    /// before it on the connection, and the worst one-way lag (when the step names the message's send time).
    /// `connect` fills one: the handshake (TCP, TLS and upgrade), only when one happened (not when `reuse` kept the
    /// connection).
    public var phaseNames: [String] {
        switch action {
        case .receive: return WebSocketStep.receivePhases
        case .connect, .connectAndSend: return WebSocketStep.connectPhases
        default: return []
        }
    }

    /// The phase names of `receive`, in slot order.
    public static let receivePhases = ["first_message", "inter_arrival", "lag"]
    /// The phase name of `connect`.
    public static let connectPhases = ["handshake"]

    static let actions = ["connect", "send", "expect", "receive", "ping", "close"]

    /// Whether this is a `connect` with `reuse`: checked before the action's options are looked at, so a kept
    /// connection costs no copy of them.
    let reuses: Bool
    /// The options of a `send` (or ad-hoc) step, in a box of their own: an execution reads them in place through
    /// one reference, where a `switch` over `action` would copy the payload and retain each of its fields.
    let sendPlan: SendPlan?

    /// A `send`'s options, held by reference.
    final class SendPlan: Sendable {
        let options: WebSocketSendOptions
        /// Whether the VU's connection is opened first when it has none open (the ad-hoc step).
        let opensConnection: Bool

        init(_ options: WebSocketSendOptions, opensConnection: Bool) {
            self.options = options
            self.opensConnection = opensConnection
        }
    }

    init(action: Action, timeout: UInt64) {
        self.action = action
        self.timeout = timeout
        switch action {
        case .connect(let options):
            reuses = options.reuse
            sendPlan = nil
        case .send(let options):
            reuses = false
            sendPlan = SendPlan(options, opensConnection: false)
        case .connectAndSend(_, let options):
            reuses = false
            sendPlan = SendPlan(options, opensConnection: true)
        default:
            reuses = false
            sendPlan = nil
        }
    }

    /// Parses a `ws:` mapping.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> WebSocketStep {
        let keys = node.keys
        var present = actions.filter { keys.contains($0) }
        // `expect` is an action of its own, and also the answer a `connect` or `send` waits for.
        if present.count > 1, present.contains("connect") || present.contains("send") {
            present.removeAll { $0 == "expect" }
        }
        guard present.count == 1, let action = present.first else {
            _ = try node.mapping(allowedKeys: actions + WebSocketConnectOptions.fields + ["timeout", "binary"])
            throw node.error(
                present.isEmpty
                    ? "a ws step needs one of \(actions.joined(separator: ", "))"
                    : "a ws step does one thing: found \(present.joined(separator: " and "))"
            )
        }
        switch action {
        case "connect":
            let mapping = try node.mapping(allowedKeys: WebSocketConnectOptions.fields + ["timeout"])
            return WebSocketStep(
                action: .connect(try WebSocketConnectOptions.parse(mapping)),
                timeout: try timeout(mapping, default: 10_000_000_000)
            )
        case "send":
            let mapping = try node.mapping(allowedKeys: ["send", "binary", "expect", "timeout"])
            let message = try mapping.required("send").template()
            return WebSocketStep(
                action: .send(
                    WebSocketSendOptions(
                        text: message.constantText ?? message.description,
                        textTemplate: message.isConstant ? nil : message,
                        binary: try mapping["binary"]?.bool() ?? false,
                        expect: try mapping["expect"].map { node throws(ConfigError) in try MessageMatch.parse(node) }
                    )
                ),
                timeout: try timeout(mapping, default: 10_000_000_000)
            )
        case "expect":
            let mapping = try node.mapping(allowedKeys: ["expect", "timeout"])
            return WebSocketStep(
                action: .expect(try MessageMatch.parse(try mapping.required("expect"))),
                timeout: try timeout(mapping, default: 10_000_000_000)
            )
        case "receive":
            let mapping = try node.mapping(allowedKeys: WebSocketReceiveOptions.fields + ["timeout"])
            let options = try WebSocketReceiveOptions.parse(mapping)
            let fallback = options.duration.map { $0 + 10_000_000_000 } ?? 10_000_000_000
            let timeout = try timeout(mapping, default: fallback)
            if let duration = options.duration, timeout < duration {
                throw mapping["timeout"]!.error("timeout must be at least the receive duration")
            }
            return WebSocketStep(action: .receive(options), timeout: timeout)
        case "ping":
            let mapping = try node.mapping(allowedKeys: ["ping", "timeout"])
            let payloadNode = try mapping.required("ping")
            var payload = ""
            if case .scalar(let text, _) = payloadNode.value { payload = text }
            guard payload.utf8.count <= 125 else { throw payloadNode.error("a ping payload is at most 125 bytes") }
            return WebSocketStep(
                action: .ping(payload: payload),
                timeout: try timeout(mapping, default: 10_000_000_000)
            )
        default:
            let mapping = try node.mapping(allowedKeys: ["close", "timeout"])
            let closeNode = try mapping.required("close")
            var code = 1000
            var reason = ""
            switch closeNode.value {
            case .scalar:
                code = try closeNode.int()
            case .mapping:
                let fields = try closeNode.mapping(allowedKeys: ["code", "reason"])
                code = try fields["code"]?.int() ?? 1000
                reason = try fields["reason"]?.string() ?? ""
            default:
                break
            }
            guard code == 1000 || (3000...4999).contains(code) || (1001...1003).contains(code) else {
                throw closeNode.error("a close code is 1000–1003 or 3000–4999")
            }
            guard reason.utf8.count <= 123 else { throw closeNode.error("a close reason is at most 123 bytes") }
            return WebSocketStep(
                action: .close(code: UInt16(code), reason: reason),
                timeout: try timeout(mapping, default: 10_000_000_000)
            )
        }
    }

    /// The step of `barrage run --url ws://… [--send TEXT] [--header 'Name: value']… [--timeout D]`.
    ///
    /// With `--send`, each iteration sends the text on the VU's connection (opened at its first iteration, or again
    /// after it was lost) and waits for the next message, whatever it is; the sample spans send → answer, plus the
    /// handshake when one happened (also the `handshake` phase). Without `--send`, each iteration opens a new
    /// connection (closing the one before): the sample is the handshake.
    static func adHoc(_ request: AdHocRequest) throws(ConfigError) -> WebSocketStep {
        if request.method != nil {
            throw ConfigError(location: .commandLine, path: "--method", message: "--method is for http:// URLs")
        }
        if request.body != nil {
            throw ConfigError(
                location: .commandLine,
                path: "--body",
                message: "a WebSocket message is given with --send"
            )
        }
        func scalar(_ text: String, _ path: String) -> ConfigNode {
            ConfigNode(.scalar(text, isQuoted: true), location: .commandLine, path: path)
        }
        var entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = [
            ("connect", .commandLine, scalar(request.url, "--url"))
        ]
        if let headers = try request.headersEntry() { entries.append(headers) }
        let node = ConfigNode(.mapping(entries), location: .commandLine, path: "")
        let connect = try WebSocketConnectOptions.parse(
            try node.mapping(allowedKeys: WebSocketConnectOptions.fields)
        )
        let timeout = request.timeout ?? 10_000_000_000
        guard let send = request.send else { return WebSocketStep(action: .connect(connect), timeout: timeout) }
        let message = try scalar(send, "--send").template()
        let options = WebSocketSendOptions(
            text: message.constantText ?? message.description,
            textTemplate: message.isConstant ? nil : message,
            binary: false,
            expect: MessageMatch()
        )
        return WebSocketStep(action: .connectAndSend(connect, options), timeout: timeout)
    }

    private static func timeout(_ mapping: ConfigMapping, default value: UInt64) throws(ConfigError) -> UInt64 {
        guard let node = mapping["timeout"] else { return value }
        let timeout = try node.duration()
        guard timeout >= 1_000_000 else { throw node.error("timeout must be at least 1ms") }
        return timeout
    }
}
