import BarrageCore

/// Which HTTP version a step speaks.
public enum HTTPVersion: String, Sendable, CaseIterable {
    /// HTTP/1.0.
    case http1_0 = "1.0"
    /// HTTP/1.1 only, also over TLS.
    case http1_1 = "1.1"
    /// HTTP/2 when TLS's ALPN agrees, else HTTP/1.1; cleartext URLs use HTTP/1.1. The default.
    case http2 = "2"
    /// HTTP/2 from the first byte, without negotiation (cleartext `h2c` or TLS).
    case http2PriorKnowledge = "2-prior-knowledge"

    /// Parses `http_version: "1.1" | "2" | "2-prior-knowledge" | "1.0"`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> HTTPVersion {
        let text = try node.string()
        guard let version = HTTPVersion(rawValue: text) else {
            throw node.error(
                "http_version must be one of \(allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), "
                    + "found '\(text)'"
            )
        }
        return version
    }
}
