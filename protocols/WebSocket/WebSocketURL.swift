/// A `ws://` or `wss://` URL taken apart for libwebsockets: host, port, path with query, and the `Host` header.
struct WebSocketURL: Equatable {
    /// Whether the connection uses TLS (`wss`).
    var secure: Bool
    /// The host to connect to, without brackets for IPv6.
    var host: String
    /// The TCP port (default 80 for ws, 443 for wss).
    var port: Int
    /// The request target: path and query, at least `/`.
    var path: String
    /// The `Host` header value: the host as written, with the port when not the default.
    var hostHeader: String

    /// Parses `text`, or says what is wrong with it.
    static func parse(_ text: String) -> Result<WebSocketURL, ParseProblem> {
        let secure: Bool
        let rest: Substring
        if text.hasPrefix("ws://") {
            secure = false
            rest = text.dropFirst(5)
        } else if text.hasPrefix("wss://") {
            secure = true
            rest = text.dropFirst(6)
        } else {
            return .failure(ParseProblem("'\(text)' is not a WebSocket URL: it must start with ws:// or wss://"))
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        guard !authority.isEmpty, !authority.contains("@") else {
            return .failure(ParseProblem("'\(text)' has no host (or has credentials, which are not supported)"))
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                return .failure(ParseProblem("'\(text)': unterminated IPv6 address"))
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                return .failure(ParseProblem("'\(text)': unexpected text after the IPv6 address"))
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        let defaultPort = secure ? 443 : 80
        var port = defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                return .failure(ParseProblem("'\(text)': the port must be a number from 1 to 65535"))
            }
            port = value
        }
        guard !host.isEmpty else { return .failure(ParseProblem("'\(text)' has no host")) }
        let bracketed = authority.hasPrefix("[") ? "[\(host)]" : String(host)
        let hostHeader = port == defaultPort ? bracketed : "\(bracketed):\(port)"
        return .success(
            WebSocketURL(secure: secure, host: String(host), port: port, path: path, hostHeader: hostHeader)
        )
    }
}
