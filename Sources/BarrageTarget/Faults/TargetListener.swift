/// One of the target's four listeners; faults are set per listener.
public enum TargetListener: String, Sendable, CaseIterable, Codable {
    /// The HTTP/1.1 port.
    case http
    /// The WebSocket port.
    case ws
    /// The TCP line-echo port.
    case tcp
    /// The UDP datagram-echo port.
    case udp

    /// Whether the listener has connections (UDP does not, so connection faults do not apply to it).
    public var isConnectionOriented: Bool { self != .udp }
}
