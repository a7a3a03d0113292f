import BarrageMetrics

/// The error kind of a connection lws could not establish.
///
/// lws 4.1 reports a failed connection with a text only (`LWS_CALLBACK_CLIENT_CONNECTION_ERROR`); the socket's own
/// error is read and dropped inside lws. The texts are stable within 4.1 and mapped here, in one place:
/// - a resolver failure → `dns`;
/// - `Unable to connect`, or any failure before the TCP connection was made (on a libuv loop lws reports a refused
///   connect as `closed before established`): the TCP connection was refused (or the host unreachable) →
///   `connect_refused`;
/// - `HS: …`, or any failure after an HTTP status was read → `handshake_failed` (the sample carries the status);
/// - `read failed` → `connection_reset`; `Peer hung up`, `closed before established`, `Closed before conn` →
///   `closed_by_peer`, except on `wss` before any HTTP answer, where the TLS handshake is what failed → `tls`;
/// - `Timed out waiting SSL` → `tls`; anything else → `protocol_error`.
enum ConnectionFailure {
    /// The kind for lws's failure `text`, given the HTTP status read (0: none), whether the URL is `wss` and
    /// whether the TCP connection was made.
    static func kind(of text: String, status: UInt16, secure: Bool, connected: Bool) -> ErrorKind {
        if text.hasPrefix("HS:") || status != 0 { return .handshakeFailed }
        if text.contains("getaddrinfo") || text.contains("no ads") || text.contains("DNS") { return .dns }
        if text.hasPrefix("Unable to connect") || !connected { return .connectRefused }
        if text.contains("SSL") || text.contains("tls") || text.contains("ssl") { return .tls }
        if secure { return .tls }
        if text.hasPrefix("read failed") { return .connectionReset }
        if text.hasPrefix("Peer hung up") || text.hasPrefix("closed before") || text.hasPrefix("Closed before") {
            return .closedByPeer
        }
        return .protocolError
    }
}
