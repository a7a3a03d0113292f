import Foundation

/// Where a running target listens: what `barrage target` prints as one JSON line.
public struct TargetPorts: Sendable, Codable, Equatable {
    /// The host the listeners are bound to.
    public var host: String
    /// The HTTP port.
    public var http: Int
    /// The WebSocket port.
    public var ws: Int
    /// The TCP line-echo port.
    public var tcp: Int
    /// The UDP echo port.
    public var udp: Int

    /// Creates a port set.
    public init(host: String, http: Int, ws: Int, tcp: Int, udp: Int) {
        self.host = host
        self.http = http
        self.ws = ws
        self.tcp = tcp
        self.udp = udp
    }

    /// The port of one listener.
    public subscript(listener: TargetListener) -> Int {
        switch listener {
        case .http: http
        case .ws: ws
        case .tcp: tcp
        case .udp: udp
        }
    }

    /// `{"host":"127.0.0.1","http":8080,"ws":8081,"tcp":9000,"udp":9001}`, keys in that order, no newline.
    public var jsonLine: String {
        let escapedHost = host.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"host\":\"\(escapedHost)\",\"http\":\(http),\"ws\":\(ws),\"tcp\":\(tcp),\"udp\":\(udp)}"
    }
}
