import BarrageMetrics

extension ErrorKind {
    /// The server did not accept the WebSocket upgrade (an HTTP status other than 101, or a response lws rejects);
    /// the sample's `status` carries the HTTP status when one was read. (WebSocket band 6000s.)
    public static let handshakeFailed = ErrorKind(code: 6001, name: "handshake_failed")
    /// A send, expect, receive, ping or close step ran while the VU had no open connection (no `connect` step
    /// before it, or the connection was lost in an earlier iteration).
    public static let notConnected = ErrorKind(code: 6002, name: "not_connected")
    /// Messages arrived that no step read in time and the connection dropped them: more than `max_queued` (4,096 by
    /// default) waited unread, or one was larger than 16 MiB. Reported once, by the next step that reads messages
    /// (`expect`, `receive`, a `send` or `connect` with `expect`) and otherwise succeeds; the connection stays open.
    public static let messagesDropped = ErrorKind(code: 6003, name: "messages_dropped")
}
