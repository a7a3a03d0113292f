import BarrageCore

/// WebSocket (RFC 6455) over libwebsockets: the `ws` protocol, for `ws://` and `wss://` URLs.
///
/// Each worker runs one lws context on its own libuv loop (a foreign loop); each VU holds at most one connection,
/// kept across steps and iterations (docs/websocket.md).
public struct WebSocketClientFactory: ClientFactory {
    /// Makes the factory; register it in a `ClientRegistry`.
    public init() {}

    /// `ws`, and `wss` so that an ad-hoc `--url wss://…` finds this factory too.
    public var protocolNames: [String] { ["ws", "wss"] }
    /// The line `barrage clients` shows.
    public var summary: String {
        "WebSocket (libwebsockets): connect, send, expect, receive, ping, close; ws:// and wss://, permessage-deflate"
    }
    /// This module and its version.
    public var provider: String { "BarrageWebSocket \(BarrageVersion.current)" }

    /// Parses a `ws:` step (docs/websocket.md lists its fields).
    public func parseStep(protocolName: String, _ node: ConfigNode) throws(ConfigError) -> any StepDefinition {
        try WebSocketStep.parse(node)
    }

    /// The step of `barrage run --url ws://…`: with `--send`, a message and its answer on a kept connection per VU;
    /// without, a handshake per iteration (`WebSocketStep.adHoc`).
    public func adHocStep(_ request: AdHocRequest) throws(ConfigError) -> any StepDefinition {
        try WebSocketStep.adHoc(request)
    }

    /// A VU's session, on its worker's lws context.
    public func makeClient(context: ClientContext) -> any Client {
        WebSocketClient(worker: context.worker)
    }
}
