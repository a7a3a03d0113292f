import Foundation
import NIOCore
import Testing

/// One WebSocket frame as the test client sees it.
struct WebSocketTestFrame: Sendable, Equatable {
    var opcode: UInt8
    var payload: [UInt8]
    var text: String { String(decoding: payload, as: UTF8.self) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] ?? [:] }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.opcode == rhs.opcode && lhs.payload == rhs.payload }
}

/// A WebSocket client over a raw socket: RFC 6455 handshake and framing by hand (client frames masked).
struct WebSocketTestClient: Sendable {
    static let text: UInt8 = 0x1
    static let binary: UInt8 = 0x2
    static let close: UInt8 = 0x8
    static let ping: UInt8 = 0x9
    static let pong: UInt8 = 0xA

    let socket: TestSocket

    /// Connects and upgrades on `path`; fails unless the server answers 101 with the right accept key.
    static func connect(port: Int, path: String) async throws -> WebSocketTestClient {
        let socket = try await TestSocket.connect(port: port)
        try await socket.send(
            "GET \(path) HTTP/1.1\r\nhost: 127.0.0.1\r\nupgrade: websocket\r\nconnection: Upgrade\r\n"
                + "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n"
        )
        let head = try await socket.receive { bytes, closed in HTTPTestClient.responseLength(bytes, closed: closed) }
        let response = try #require(HTTPTestClient.parse(head))
        guard response.status == 101, response.headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" else {
            throw TestSocketError.closed(received: head)
        }
        return WebSocketTestClient(socket: socket)
    }

    func send(opcode: UInt8, _ payload: [UInt8]) async throws {
        var frame: [UInt8] = [0x80 | opcode]
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try await socket.send(frame)
    }

    func send(text: String) async throws {
        try await send(opcode: Self.text, Array(text.utf8))
    }

    func receive(timeout: TimeAmount = .seconds(5)) async throws -> WebSocketTestFrame {
        let bytes = try await socket.receive(timeout: timeout) { bytes, _ in Self.frameLength(bytes) }
        let (headerLength, _) = Self.header(bytes) ?? (2, 0)
        return WebSocketTestFrame(opcode: bytes[0] & 0x0F, payload: Array(bytes[headerLength...]))
    }

    func close() async { await socket.close() }

    private static func header(_ bytes: [UInt8]) -> (headerLength: Int, payloadLength: Int)? {
        guard bytes.count >= 2 else { return nil }
        let short = Int(bytes[1] & 0x7F)
        switch short {
        case 126:
            guard bytes.count >= 4 else { return nil }
            return (4, Int(bytes[2]) << 8 | Int(bytes[3]))
        case 127:
            guard bytes.count >= 10 else { return nil }
            return (10, bytes[2..<10].reduce(0) { $0 << 8 | Int($1) })
        default:
            return (2, short)
        }
    }

    static func frameLength(_ bytes: [UInt8]) -> Int? {
        guard let (headerLength, payloadLength) = header(bytes), bytes.count >= headerLength + payloadLength else {
            return nil
        }
        return headerLength + payloadLength
    }
}
