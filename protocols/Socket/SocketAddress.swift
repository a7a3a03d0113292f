import BarrageCore
import Foundation

/// A resolved TCP or UDP endpoint, kept as a `sockaddr_storage` so connecting costs no lookup.
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// The text it was resolved from, `host:port`.
    public let text: String
    let family: Int32
    let length: socklen_t
    let storage: sockaddr_storage

    /// Resolves `host:port` (`[v6]:port` for IPv6 literals) once, at load time.
    public static func resolve(_ text: String, type: Int32) throws(SocketAddressError) -> SocketAddress {
        let host: String
        let port: String
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .malformed(text) }
            port = String(rest.dropFirst())
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .malformed(text) }
            host = String(text[..<colon])
            port = String(text[text.index(after: colon)...])
        }
        guard let number = Int(port), (1...65535).contains(number), !host.isEmpty else { throw .malformed(text) }
        var hints = addrinfo()
        hints.ai_socktype = type
        hints.ai_family = AF_UNSPEC
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, port, &hints, &results)
        guard status == 0, let first = results else {
            throw .unresolvable(text, String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(results) }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { destination in
            destination.copyMemory(
                from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen))
            )
        }
        return SocketAddress(
            text: text,
            family: first.pointee.ai_family,
            length: first.pointee.ai_addrlen,
            storage: storage
        )
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }

    public var description: String { text }

    public static func == (lhs: SocketAddress, rhs: SocketAddress) -> Bool { lhs.text == rhs.text }
}

/// Why an address could not be used.
public enum SocketAddressError: Error, CustomStringConvertible {
    /// Not `host:port`.
    case malformed(String)
    /// The host name does not resolve.
    case unresolvable(String, String)

    public var description: String {
        switch self {
        case .malformed(let text): "'\(text)' is not host:port (use [::1]:port for IPv6)"
        case .unresolvable(let text, let reason): "cannot resolve '\(text)': \(reason)"
        }
    }
}
