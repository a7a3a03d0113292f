import BarrageCore
import Foundation

/// What every reply of a `redis` step must look like: `expect: {equals: v}`, `{contains: v}`, `{type: integer}`,
/// or `type` together with one of the others.
///
/// Without `type: error`, an error reply fails the step with its Redis error kind before any check runs;
/// with it, error replies pass (and `equals`/`contains` look at the error's text).
///
/// `equals` and `contains` are templates: `{equals: "${token}"}` compares with the VU's variable. A constant
/// check keeps its bytes from load time; a templated one is rendered once per execution (`rendered(_:)`).
public struct RedisExpectation: Sendable {
    /// The reply type a check accepts.
    public enum ExpectedType: String, Sendable, CaseIterable {
        /// A simple, bulk or verbatim string.
        case string
        /// A simple string (`+OK`).
        case simple
        /// A bulk string.
        case bulk
        /// An integer.
        case integer
        /// A RESP3 double.
        case double
        /// A RESP3 boolean.
        case boolean
        /// A null (`$-1`, `*-1`, RESP3 `_`): e.g. GET of a missing key.
        case null
        /// An array, set or push.
        case array
        /// A RESP3 map.
        case map
        /// An error reply.
        case error

        func accepts(_ type: RESPType, isNull: Bool) -> Bool {
            if self == .null { return isNull }
            if isNull { return false }
            switch self {
            case .string: return type == .simpleString || type == .bulkString || type == .verbatimString
            case .simple: return type == .simpleString
            case .bulk: return type == .bulkString
            case .integer: return type == .integer
            case .double: return type == .double
            case .boolean: return type == .boolean
            case .array: return type == .array || type == .set || type == .push
            case .map: return type == .map
            case .error: return type.isError
            case .null: return isNull
            }
        }
    }

    /// The required type, if any.
    public let type: ExpectedType?
    /// The exact payload (a string's text, an integer's digits), if required; for a templated `equals`, the
    /// text rendered for one execution (nil before `rendered(_:)`).
    public let equals: [UInt8]?
    /// Bytes the reply must contain (its payload, or anywhere in an aggregate), if required; for a templated
    /// `contains`, the text rendered for one execution (nil before `rendered(_:)`).
    public let contains: [UInt8]?
    /// `equals` when it reads variables, rendered per execution.
    let equalsTemplate: Template?
    /// `contains` when it reads variables, rendered per execution.
    let containsTemplate: Template?

    /// Whether the check reads no variable, so it can be used as it is.
    public var isConstant: Bool { equalsTemplate == nil && containsTemplate == nil }

    /// A check with a type and constant texts.
    public init(type: ExpectedType? = nil, equals: String? = nil, contains: String? = nil) {
        self.init(
            type: type,
            equals: equals.map { Template(literal: $0) },
            contains: contains.map { Template(literal: $0) }
        )
    }

    /// A check whose texts may read variables.
    public init(type: ExpectedType? = nil, equals: Template?, contains: Template?) {
        self.type = type
        self.equals = equals?.constantText.map { Array($0.utf8) }
        self.contains = contains?.constantText.map { Array($0.utf8) }
        equalsTemplate = equals?.isConstant == false ? equals : nil
        containsTemplate = contains?.isConstant == false ? contains : nil
    }

    private init(type: ExpectedType?, renderedEquals: [UInt8]?, renderedContains: [UInt8]?) {
        self.type = type
        equals = renderedEquals
        contains = renderedContains
        equalsTemplate = nil
        containsTemplate = nil
    }

    /// The check for one execution: its templates rendered for the VU whose variables are `scope` (itself when
    /// it is constant).
    public func rendered(_ scope: VariableScope) -> RedisExpectation {
        guard !isConstant else { return self }
        return RedisExpectation(
            type: type,
            renderedEquals: equalsTemplate.map { Array($0.render(scope).utf8) } ?? equals,
            renderedContains: containsTemplate.map { Array($0.render(scope).utf8) } ?? contains
        )
    }

    static let fields = ["equals", "contains", "type"]

    /// Parses `expect: {…}`; a bare scalar (`expect: OK`) means `equals`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> RedisExpectation {
        if case .scalar = node.value {
            return RedisExpectation(type: nil, equals: try node.template(), contains: nil)
        }
        let mapping = try node.mapping(allowedKeys: fields)
        guard !mapping.keys.isEmpty else { throw node.error("expect needs equals, contains or type") }
        if mapping["equals"] != nil, mapping["contains"] != nil {
            throw node.error("give either equals or contains, not both")
        }
        var type: ExpectedType?
        if let typeNode = mapping["type"] {
            let word = try typeNode.string()
            guard let parsed = ExpectedType(rawValue: word) else {
                let names = ExpectedType.allCases.map(\.rawValue)
                let hint = ConfigSuggestion.nearest(to: word, in: names)
                throw typeNode.error(
                    "unknown reply type '\(word)'"
                        + (hint.map { "; did you mean '\($0)'?" } ?? "; use one of \(names.joined(separator: ", "))")
                )
            }
            type = parsed
        }
        return RedisExpectation(
            type: type,
            equals: try mapping["equals"].map { node throws(ConfigError) in try node.template() },
            contains: try mapping["contains"].map { node throws(ConfigError) in try node.template() }
        )
    }

    /// Whether a reply passes. `reply` is the whole reply; `scanner` describes it.
    func passes(_ reply: UnsafeRawBufferPointer, _ scanner: RESPScanner) -> Bool {
        if let type, !type.accepts(scanner.type, isNull: scanner.isNull) { return false }
        var payload = UnsafeRawBufferPointer(rebasing: reply[scanner.payload])
        if scanner.type == .verbatimString, payload.count >= 4 {
            // `txt:` / `mkd:`: the format, not the text.
            payload = UnsafeRawBufferPointer(rebasing: payload[4...])
        }
        if let equals {
            guard !scanner.isNull, !scanner.type.isAggregate, payload.elementsEqual(equals) else { return false }
        }
        if let contains {
            let haystack = scanner.type.isAggregate ? reply : payload
            guard !scanner.isNull, Self.firstIndex(of: contains, in: haystack) != nil else { return false }
        }
        return true
    }

    /// Byte-sequence search without copying: memchr for the first byte, memcmp for the rest.
    static func firstIndex(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard !needle.isEmpty else { return 0 }
        guard haystack.count >= needle.count, let base = haystack.baseAddress else { return nil }
        return needle.withUnsafeBytes { pattern -> Int? in
            let lastStart = haystack.count - needle.count
            var offset = 0
            while offset <= lastStart {
                guard let hit = memchr(base + offset, Int32(needle[0]), lastStart - offset + 1) else { return nil }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, pattern.baseAddress!, needle.count) == 0 { return position }
                offset = position + 1
            }
            return nil
        }
    }
}
