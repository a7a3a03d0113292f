import BarrageCore
import Foundation

/// The checks a response must pass: status, headers, body, JSON paths and response time.
///
/// Without a `status` check, 4xx and 5xx answers fail as `http_4xx`/`http_5xx` and everything else passes.
public struct HTTPExpectation: Sendable, Equatable {
    /// Accepted status codes; nil: any code below 400.
    public var status: StatusCheck?
    /// Conditions on response headers, by header name (case-insensitive).
    public var headers: [(name: String, match: TextMatch)] = []
    /// Conditions on the body as UTF-8 text.
    public var body: [TextMatch] = []
    /// Conditions on the body as JSON.
    public var json: [JSONCheck] = []
    /// The longest acceptable response time, ns.
    public var maxTime: UInt64?

    /// No checks.
    public init() {}

    /// Whether the body must be kept to check it (otherwise it is counted and dropped).
    var needsBody: Bool { !body.isEmpty || !json.isEmpty }

    static let fields = ["status", "header", "headers", "body", "json", "max_time"]

    /// Parses `expect: {status: …, header: {Name: …}, body: {contains|regex|equals: …}, json: {"$.p": …},
    /// max_time: 500ms}`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> HTTPExpectation {
        let mapping = try node.mapping(allowedKeys: fields)
        var expectation = HTTPExpectation()
        expectation.status = try mapping["status"].map { node throws(ConfigError) in try StatusCheck.parse(node) }
        if mapping["header"] != nil, mapping["headers"] != nil {
            throw node.error("give header or headers, not both")
        }
        if let headerNode = mapping["header"] ?? mapping["headers"] {
            let headers = try headerNode.mapping(allowedKeys: headerNode.keys)
            for name in headers.keys {
                guard let value = headers[name] else { continue }
                expectation.headers.append(
                    (name, try TextMatch.parse(value, allowed: ["equals", "contains", "regex", "exists"]))
                )
            }
        }
        if let bodyNode = mapping["body"] {
            let checks = try bodyNode.mapping(allowedKeys: ["contains", "regex", "equals"])
            for key in checks.keys {
                guard let value = checks[key] else { continue }
                let single = ConfigNode(
                    .mapping([(key, value.location, value)]),
                    location: bodyNode.location,
                    path: bodyNode.path
                )
                expectation.body.append(try TextMatch.parse(single, allowed: ["contains", "regex", "equals"]))
            }
        }
        if let jsonNode = mapping["json"] {
            let paths = try jsonNode.mapping(allowedKeys: jsonNode.keys)
            for path in paths.keys {
                guard let value = paths[path] else { continue }
                expectation.json.append(try JSONCheck.parse(path: path, value))
            }
        }
        if let maxTime = mapping["max_time"] {
            let value = try maxTime.duration()
            guard value > 0 else { throw maxTime.error("max_time must be longer than zero") }
            expectation.maxTime = value
        }
        return expectation
    }

    /// Whether the kept `body` passes the body and JSON checks.
    func bodyPasses(_ body: [UInt8]) -> Bool {
        if !self.body.isEmpty {
            let text = String(decoding: body, as: UTF8.self)
            for check in self.body where !check.passes(text) { return false }
        }
        if !json.isEmpty {
            guard let root = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
                return false
            }
            for check in json where !check.passes(root) { return false }
        }
        return true
    }

    /// Equal when every check is (regular expressions compare by pattern).
    public static func == (lhs: HTTPExpectation, rhs: HTTPExpectation) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.json == rhs.json && lhs.maxTime == rhs.maxTime
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.match) == rhs.headers.map(\.match)
    }
}
