import BarrageCore

/// What a received message must look like: every condition given must hold. Used by `expect` (wait for a message
/// that matches) and by `receive`'s `match` (count only messages that match).
///
/// `equals` and `contains` compare the message's bytes with the text's UTF-8, without making a `String`; `regex`
/// and `json` decode the message (they allocate).
public struct MessageMatch: Sendable {
    /// The whole message is exactly this text. Read only in `passes(_:binary:)`.
    public var equals: String?
    /// The message contains this text. Read only in `passes(_:binary:)`.
    public var contains: String?
    /// The message, as UTF-8 text, contains a match of this expression.
    public var regex: RegexBox?
    /// The message is JSON and each path's value passes its condition.
    public var json: [MessageJSONCheck]
    /// The message is a binary (true) or text (false) frame; nil: either.
    public var binary: Bool?

    static let fields = ["equals", "contains", "regex", "json", "binary"]

    /// Makes a match.
    init(
        equals: String? = nil,
        contains: String? = nil,
        regex: RegexBox? = nil,
        json: [MessageJSONCheck] = [],
        binary: Bool? = nil
    ) {
        self.equals = equals
        self.contains = contains
        self.regex = regex
        self.json = json
        self.binary = binary
    }

    /// Parses `text` (equals), or `{equals, contains, regex, json: {"$.path": value | {…}}, binary}`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> MessageMatch {
        if case .scalar(let text, _) = node.value { return MessageMatch(equals: text) }
        let mapping = try node.mapping(allowedKeys: fields)
        guard !mapping.keys.isEmpty else { throw node.error("give at least one of \(fields.joined(separator: ", "))") }
        var match = MessageMatch()
        match.equals = try mapping["equals"]?.string()
        match.contains = try mapping["contains"]?.string()
        if let regexNode = mapping["regex"] {
            switch RegexBox.compile(try regexNode.string()) {
            case .success(let regex): match.regex = regex
            case .failure(let problem): throw regexNode.error("invalid regular expression: \(problem.message)")
            }
        }
        if let jsonNode = mapping["json"] {
            let checks = try jsonNode.mapping(allowedKeys: jsonNode.keys)
            for path in checks.keys {
                guard let value = checks[path] else { throw jsonNode.error("'\(path)' needs a condition") }
                match.json.append(try MessageJSONCheck.parse(path: path, value))
            }
        }
        match.binary = try mapping["binary"]?.bool()
        return match
    }

    /// Whether a message with these bytes passes.
    func passes(_ message: UnsafeRawBufferPointer, binary isBinary: Bool) -> Bool {
        if let binary, binary != isBinary { return false }
        if let equals, !ByteSearch.equals(equals, message) { return false }
        if let contains, !ByteSearch.contains(contains, in: message) { return false }
        if let regex {
            guard let text = String(validating: message.bindMemory(to: UInt8.self), as: UTF8.self),
                regex.matches(text)
            else { return false }
        }
        if !json.isEmpty {
            guard let root = MessageJSON.parse(message) else { return false }
            for check in json where !check.passes(root) { return false }
        }
        return true
    }
}
