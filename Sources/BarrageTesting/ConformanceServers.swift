import Foundation
import Synchronization

/// Misbehaving peers on loopback for `ClientConformance`: a port nobody listens on, a server that accepts and
/// never answers, and one that resets every connection. Each runs on its own thread and stops with `stop()`.
public enum ConformanceServers {
    /// A loopback TCP port with nothing listening (bound once to find a free one, then closed).
    public static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        return LoopbackSocket.bind(fd, port: 0)
    }
}

/// A loopback server that accepts connections (TCP) or receives datagrams (UDP) and never answers: a client
/// talking to it must time out.
public final class SilentServer: Sendable {
    /// The transport it listens on.
    public enum Transport: Sendable {
        /// Accepts TCP connections and reads what arrives, answering nothing.
        case tcp
        /// Receives UDP datagrams, answering nothing.
        case udp
    }

    /// The port it listens on, 127.0.0.1.
    public let port: Int
    private let loop: ServerLoop

    /// Starts listening on a free loopback port.
    public init(_ transport: Transport = .tcp) {
        loop = ServerLoop(datagram: transport == .udp) { _ in .keepOpen }
        port = loop.port
    }

    /// Stops listening and closes every connection.
    public func stop() { loop.stop() }
}

/// A loopback TCP server that resets each connection (RST) as soon as the client has sent something.
public final class ResettingServer: Sendable {
    /// The port it listens on, 127.0.0.1.
    public let port: Int
    private let loop: ServerLoop

    /// Starts listening on a free loopback port.
    public init() {
        loop = ServerLoop(datagram: false) { _ in .reset }
        port = loop.port
    }

    /// Stops listening and closes every connection.
    public func stop() { loop.stop() }
}

/// What a `ServerLoop` does with a connection once data arrives on it.
enum ServerReaction {
    case keepOpen
    case reset
}

/// A poll(2) loop on its own thread serving one listening (or datagram) socket.
final class ServerLoop: Sendable {
    let port: Int
    private let listener: Int32
    private let stopping = Atomic<Bool>(false)

    init(datagram: Bool, reaction: @escaping @Sendable (Int32) -> ServerReaction) {
        listener = socket(AF_INET, Int32((datagram ? SOCK_DGRAM : SOCK_STREAM).rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        port = LoopbackSocket.bind(listener, port: 0)
        if !datagram { listen(listener, 128) }
        let listener = listener
        let thread = Thread { [self] in
            var connections: [Int32] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while !self.stopping.load(ordering: .acquiring) {
                var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
                fds += connections.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
                if fds[0].revents != 0 {
                    if datagram {
                        _ = recv(listener, &buffer, buffer.count, 0)
                    } else {
                        let client = accept(listener, nil, nil)
                        if client >= 0 { connections.append(client) }
                    }
                }
                for entry in fds.dropFirst() where entry.revents != 0 {
                    let count = recv(entry.fd, &buffer, buffer.count, 0)
                    if count <= 0 || reaction(entry.fd) == .reset {
                        if count > 0 {
                            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                            setsockopt(
                                entry.fd,
                                SOL_SOCKET,
                                SO_LINGER,
                                &linger,
                                socklen_t(MemoryLayout<Glibc.linger>.size)
                            )
                        }
                        close(entry.fd)
                        connections.removeAll { $0 == entry.fd }
                    }
                }
            }
            for connection in connections { close(connection) }
            close(listener)
        }
        thread.start()
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        // The loop polls with a 50 ms timeout, notices, closes everything and ends.
        Thread.sleep(forTimeInterval: 0.1)
    }

}

/// Binding sockets to 127.0.0.1.
enum LoopbackSocket {
    /// Binds `fd` to 127.0.0.1:`port` (0: any free port) and returns the port bound.
    static func bind(_ fd: Int32, port: Int) -> Int {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                _ = Glibc.bind(fd, raw, length)
                _ = getsockname(fd, raw, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
