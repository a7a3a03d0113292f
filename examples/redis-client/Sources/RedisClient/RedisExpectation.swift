import BarrageCore
import Foundation

/// What every reply of a `redis` step must look like: `expect: {equals: v}`, `{contains: v}`, `{type: integer}`,
/// or `type` together with one of the others.
///
/// Without `type: error`, an error reply fails the step with its Redis error kind before any check runs;
/// with it, error replies pass (and `equals`/`contains` look at the error's text).
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
    /// The exact payload (a string's text, an integer's digits), if required.
    public let equals: [UInt8]?
    /// Bytes the reply must contain (its payload, or anywhere in an aggregate), if required.
    public let contains: [UInt8]?

    static let fields = ["equals", "contains", "type"]

    /// Parses `expect: {…}`; a bare scalar (`expect: OK`) means `equals`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> RedisExpectation {
        if case .scalar(let text, _) = node.value {
            return RedisExpectation(type: nil, equals: Array(text.utf8), contains: nil)
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
            equals: try mapping["equals"].map { node throws(ConfigError) in Array(try node.string().utf8) },
            contains: try mapping["contains"].map { node throws(ConfigError) in Array(try node.string().utf8) }
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
