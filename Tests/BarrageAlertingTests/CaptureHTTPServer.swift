import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on loopback that records every request (headers and body) and answers each with the
/// next status of a script (then 200): the receiver for webhook and Slack alerts. One made with `answers: false`
/// listens but never accepts: connections wait in its backlog, as with a hung server. One made with
/// `listens: false` only holds its port: connections are refused, as with a dead server, and no other test can
/// take the port meanwhile.
final class CaptureHTTPServer: Sendable {
    /// One request as received.
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: Data

        /// The body as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }
    }

    let port: Int
    private let listener: Int32
    private let requests = Mutex<[Request]>([])
    private let statuses: Mutex<[Int]>

    /// Starts listening on 127.0.0.1 (an ephemeral port); `statuses` are answered in turn, then 200.
    init(statuses: [Int] = [], answers: Bool = true, listens: Bool = true) throws {
        self.statuses = Mutex(statuses)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, !listens || listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        guard answers, listens else { return }
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    /// Stops accepting. The descriptor stays open until the server is released, so that its number cannot be
    /// reused by another test's socket while this server's thread might still call `accept` on it.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    deinit {
        close(listener)
    }

    /// What was received so far.
    var received: [Request] { requests.withLock { $0 } }

    /// Waits (generously) until at least `count` requests arrived; returns what arrived.
    func waitFor(_ count: Int, seconds: Double = 30) async -> [Request] {
        let deadline = Date().addingTimeInterval(seconds)
        while received.count < count, Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
        return received
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            serve(client)
            close(client)
        }
    }

    private func serve(_ client: Int32) {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let count = read(client, &chunk, chunk.count)
            guard count > 0 else { return }
            buffer.append(contentsOf: chunk[0..<count])
            if headerEnd == nil, let range = Data(buffer).range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = range.upperBound
                let head = String(decoding: buffer[0..<range.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        contentLength = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
                    }
                }
            }
            if let headerEnd, buffer.count >= headerEnd + contentLength { break }
        }
        guard let headerEnd else { return }
        let head = String(decoding: buffer[0..<(headerEnd - 4)], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        requests.withLock {
            $0.append(
                Request(
                    method: requestLine.first.map(String.init) ?? "",
                    path: requestLine.dropFirst().first.map(String.init) ?? "",
                    headers: headers,
                    body: Data(buffer[headerEnd..<(headerEnd + contentLength)])
                )
            )
        }
        let status = statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
        let answer = "HTTP/1.1 \(status) X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        _ = answer.utf8CString.withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count - 1) }
    }
}

/// A JSON number as a Double, however JSONSerialization returned it (Int, Double or NSNumber).
func number(_ value: Any?) -> Double? {
    switch value {
    case let value as Double: value
    case let value as Int: Double(value)
    case let value as NSNumber: value.doubleValue
    default: nil
    }
}
