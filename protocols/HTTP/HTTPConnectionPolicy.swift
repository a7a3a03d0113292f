import BarrageCore

/// Which connections a step's requests use.
public enum HTTPConnectionPolicy: String, Sendable, CaseIterable {
    /// Each VU keeps its own connections across requests and iterations (its own libcurl connection cache),
    /// like a browser or an app instance. The default.
    case perVU = "per_vu"
    /// Every VU of a worker draws from the worker's one pool (libcurl's multi-handle cache); HTTP/2 requests of
    /// different VUs share connections as streams.
    case shared
    /// A new connection for each request, closed after it (`CURLOPT_FRESH_CONNECT` + `CURLOPT_FORBID_REUSE`).
    case perRequest = "per_request"

    /// Parses `connection: per_vu | shared | per_request`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> HTTPConnectionPolicy {
        let text = try node.string()
        guard let policy = HTTPConnectionPolicy(rawValue: text) else {
            let hint = ConfigSuggestion.nearest(to: text, in: allCases.map(\.rawValue))
            throw node.error(
                "connection must be per_vu, shared or per_request, found '\(text)'"
                    + (hint.map { "; did you mean '\($0)'?" } ?? "")
            )
        }
        return policy
    }
}
