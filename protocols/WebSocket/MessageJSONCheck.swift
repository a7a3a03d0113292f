import BarrageCore

/// One `"$.path": condition` of a `json` match: the value there equals a text (numbers as JSON writes them), or
/// `{equals|contains|regex: text}` or `{exists: bool}`.
public struct MessageJSONCheck: Sendable {
    /// Where in the message.
    public var path: JSONPath
    /// The value's text equals this.
    public var equals: String?
    /// The value's text contains this.
    public var contains: String?
    /// The value's text matches this.
    public var regex: RegexBox?
    /// The value is present (true) or absent (false).
    public var exists: Bool?

    static func parse(path text: String, _ node: ConfigNode) throws(ConfigError) -> MessageJSONCheck {
        guard let path = JSONPath(text) else {
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
            switch RegexBox.compile(try regexNode.string()) {
            case .success(let regex): check.regex = regex
            case .failure(let problem): throw regexNode.error("invalid regular expression: \(problem.message)")
            }
        }
        return check
    }

    private init(path: JSONPath) {
        self.path = path
    }

    /// Whether the document `root` passes.
    func passes(_ root: Any) -> Bool {
        let value = path.value(in: root)
        if let exists { return (value != nil) == exists }
        guard let value else { return false }
        let text = JSONPath.text(of: value)
        if let equals { return text == equals }
        if let contains { return text.contains(contains) }
        if let regex { return regex.matches(text) }
        return true
    }
}
