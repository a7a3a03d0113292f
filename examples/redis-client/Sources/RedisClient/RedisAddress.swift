import Foundation

/// A Redis server's TCP endpoint, resolved once at load time into a `sockaddr_storage`.
public struct RedisAddress: Sendable, Equatable, CustomStringConvertible {
    /// The text it was resolved from, `host:port`.
    public let text: String
    let family: Int32
    let length: socklen_t
    let storage: sockaddr_storage

    /// Resolves `host:port` (`[v6]:port` for IPv6 literals); the message says what is wrong otherwise.
    static func resolve(_ text: String) -> Result<RedisAddress, RedisAddressError> {
        let host: Substring
        let port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return .failure(RedisAddressError(message: "'\(text)' is not host:port")) }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                return .failure(RedisAddressError(message: "'\(text)' is not host:port (e.g. 127.0.0.1:6379)"))
            }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard let number = Int(port), (1...65535).contains(number), !host.isEmpty else {
            return .failure(RedisAddressError(message: "'\(text)' is not host:port (e.g. 127.0.0.1:6379)"))
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(String(host), String(port), &hints, &results)
        guard status == 0, let first = results else {
            return .failure(
                RedisAddressError(message: "cannot resolve '\(text)': \(String(cString: gai_strerror(status)))")
            )
        }
        defer { freeaddrinfo(results) }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { destination in
            destination.copyMemory(
                from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen))
            )
        }
        return .success(
            RedisAddress(
                text: text,
                family: first.pointee.ai_family,
                length: first.pointee.ai_addrlen,
                storage: storage
            )
        )
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }

    public var description: String { text }

    public static func == (lhs: RedisAddress, rhs: RedisAddress) -> Bool { lhs.text == rhs.text }
}

/// Why an address could not be used; the message says what to write instead.
struct RedisAddressError: Error {
    let message: String
}
