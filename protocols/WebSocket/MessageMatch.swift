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
    public var regex: MessageRegex?
    /// The message is JSON and each path's value passes its condition.
    public var json: [MessageJSONCheck]
    /// The message is a binary (true) or text (false) frame; nil: either.
    public var binary: Bool?

    static let fields = ["equals", "contains", "regex", "json", "binary"]

    /// Makes a match.
    init(
        equals: String? = nil,
        contains: String? = nil,
        regex: MessageRegex? = nil,
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
            switch MessageRegex.compile(try regexNode.string()) {
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

/// One `"$.path": condition` of a `json` match: the value there equals a text (numbers as JSON writes them), or
/// `{equals|contains|regex: text}` or `{exists: bool}`.
public struct MessageJSONCheck: Sendable {
    /// Where in the message.
    public var path: MessageJSONPath
    /// The value's text equals this.
    public var equals: String?
    /// The value's text contains this.
    public var contains: String?
    /// The value's text matches this.
    public var regex: MessageRegex?
    /// The value is present (true) or absent (false).
    public var exists: Bool?

    static func parse(path text: String, _ node: ConfigNode) throws(ConfigError) -> MessageJSONCheck {
        guard let path = MessageJSONPath(text) else {
            throw node.error("'\(text)' is not a JSON path such as $.id, $.items[0].name or $['key']")
        }
        var check = MessageJSONCheck(path: path)
        if case .scalar(let value, _) = node.value {
            check.equals = value
            return check
        }
        let mapping = try node.mapping(allowedKeys: ["equals", "contains", "regex", "exists"])
        guard mapping.keys.count == 1 else { throw node.error("give exactly one of equals, contains, regex, exists") }
        check.equals = try mapping["equals"]?.string()
        check.contains = try mapping["contains"]?.string()
        check.exists = try mapping["exists"]?.bool()
        if let regexNode = mapping["regex"] {
            switch MessageRegex.compile(try regexNode.string()) {
            case .success(let regex): check.regex = regex
            case .failure(let problem): throw regexNode.error("invalid regular expression: \(problem.message)")
            }
        }
        return check
    }

    private init(path: MessageJSONPath) {
        self.path = path
    }

    /// Whether the document `root` passes.
    func passes(_ root: Any) -> Bool {
        let value = path.value(in: root)
        if let exists { return (value != nil) == exists }
        guard let value else { return false }
        let text = MessageJSONPath.text(of: value)
        if let equals { return text == equals }
        if let contains { return text.contains(contains) }
        if let regex { return regex.matches(text) }
        return true
    }
}
