/// The HTTP endpoints of the target; requests are counted per route, so `/items/7` counts as `/items/{id}`.
public enum HTTPRoute: String, Sendable, CaseIterable, Codable {
    /// `GET /`: a small body.
    case root = "/"
    /// `/echo`: the request back as JSON.
    case echo = "/echo"
    /// `/status/{code}`: answers with that status.
    case status = "/status/{code}"
    /// `/delay/{ms}`: answers after that many milliseconds.
    case delay = "/delay/{ms}"
    /// `/bytes/{n}`: n random bytes.
    case bytes = "/bytes/{n}"
    /// `POST /login`: a token for valid credentials.
    case login = "/login"
    /// `GET /me`: who the bearer token belongs to.
    case me = "/me"
    /// `/items`: list (GET) and create (POST).
    case items = "/items"
    /// `/items/{id}`: read, update, delete.
    case item = "/items/{id}"
    /// `GET /stats`: counters.
    case stats = "/stats"
    /// `/admin/faults`: show, set, clear faults.
    case adminFaults = "/admin/faults"
    /// Anything else (404).
    case notFound = "other"

    /// The route for `path` (without query) and its path parameter, if the route has one.
    public static func match(_ path: Substring) -> (route: HTTPRoute, parameter: Substring?) {
        switch path {
        case "/": return (.root, nil)
        case "/echo": return (.echo, nil)
        case "/login": return (.login, nil)
        case "/me": return (.me, nil)
        case "/items", "/items/": return (.items, nil)
        case "/stats": return (.stats, nil)
        case "/admin/faults": return (.adminFaults, nil)
        default: break
        }
        let prefixes: [(String, HTTPRoute)] = [
            ("/status/", .status), ("/delay/", .delay), ("/bytes/", .bytes), ("/items/", .item), ("/echo/", .echo),
        ]
        for (prefix, route) in prefixes where path.hasPrefix(prefix) {
            let parameter = path.dropFirst(prefix.count)
            if route == .echo { return (.echo, nil) }
            if !parameter.isEmpty, !parameter.contains("/") { return (route, parameter) }
        }
        return (.notFound, nil)
    }

    /// Whether per-request faults skip this route: the admin and stats endpoints must stay usable to observe and
    /// clear faults. (Connection faults — refuse, cap, slow — still apply to them.)
    public var isExemptFromFaults: Bool {
        self == .adminFaults || self == .stats
    }

    /// The route's position in `allCases`, for counters.
    var index: Int {
        HTTPRoute.allCases.firstIndex(of: self) ?? 0
    }
}
