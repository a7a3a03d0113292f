import Foundation
import NIOCore
import Testing

/// One parsed HTTP response.
struct HTTPTestResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}

/// A keep-alive HTTP/1.1 client over a raw socket, parsing responses by hand so tests see exactly what was sent.
struct HTTPTestClient: Sendable {
    let socket: TestSocket

    static func connect(port: Int) async throws -> HTTPTestClient {
        HTTPTestClient(socket: try await TestSocket.connect(port: port))
    }

    /// Sends one request and reads one response.
    func request(
        _ method: String = "GET",
        _ path: String,
        headers: [(String, String)] = [],
        body: String? = nil,
        timeout: TimeAmount = .seconds(5)
    ) async throws -> HTTPTestResponse {
        try await socket.send(Self.encode(method, path, headers: headers, body: body))
        return try await readResponse(timeout: timeout)
    }

    static func encode(
        _ method: String,
        _ path: String,
        headers: [(String, String)] = [],
        body: String? = nil
    ) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "content-length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + (body ?? "")
    }

    func readResponse(timeout: TimeAmount = .seconds(5)) async throws -> HTTPTestResponse {
        let bytes = try await socket.receive(timeout: timeout) { bytes, closed in
            Self.responseLength(bytes, closed: closed)
        }
        return try #require(Self.parse(bytes))
    }

    func close() async { await socket.close() }

    /// How many bytes make the first complete response, or nil when more are needed.
    static func responseLength(_ bytes: [UInt8], closed: Bool) -> Int? {
        guard let end = headerEnd(bytes) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        {
            return bytes.count >= end + 4 + length ? end + 4 + length : nil
        }
        if status == 204 || status == 304 || (100..<200).contains(status) { return end + 4 }
        return closed ? bytes.count : nil
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    static func parse(_ bytes: [UInt8]) -> HTTPTestResponse? {
        guard let end = headerEnd(bytes) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.split(separator: " ")[1])
        else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        return HTTPTestResponse(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}
