/// One `extract:` entry of a step: after the step succeeds, a part of its response goes into a VU variable
/// that later steps (of any protocol) read as `${name}`.
///
/// ```yaml
/// extract:
///   token: $.token                                  # JSON path into the body
///   item_id: {header: location, regex: "/items/(\d+)"}
///   order_id: {column: id}                          # SQL: column of the first row
///   tag: {from: status}
///   motd: {regex: "hello (\w+)", default: nobody}
/// ```
public struct Extraction: Sendable {
    /// How the text read from the response is narrowed down.
    public enum Filter: Sendable {
        /// The whole field.
        case whole
        /// A JSON path into the field's text.
        case json(JSONPath)
        /// The first match of a regular expression: its first capture group when it has one, else the match.
        case regex(RegexBox)
        /// A JSON path, then a regular expression on what it found.
        case jsonThenRegex(JSONPath, RegexBox)
    }

    /// The variable it sets.
    public var variable: String
    /// The part of the response it reads.
    public var field: ResponseField
    /// How it narrows that text.
    public var filter: Filter
    /// The value when nothing is found; without one, finding nothing fails the step (`extraction_failed`).
    public var fallback: String?

    /// Makes an extraction.
    public init(variable: String, field: ResponseField = .body, filter: Filter = .whole, fallback: String? = nil) {
        self.variable = variable
        self.field = field
        self.filter = filter
        self.fallback = fallback
    }

    /// The value this extraction finds in `text` (the field as the client returned it), or its fallback.
    public func value(in text: String?) -> String? {
        guard let text else { return fallback }
        let found: String?
        switch filter {
        case .whole: found = text
        case .json(let path): found = path.text(inDocument: Array(text.utf8))
        case .regex(let regex): found = regex.firstMatch(in: text, group: regex.captureGroupCount > 0 ? 1 : 0)
        case .jsonThenRegex(let path, let regex):
            found = path.text(inDocument: Array(text.utf8)).flatMap {
                regex.firstMatch(in: $0, group: regex.captureGroupCount > 0 ? 1 : 0)
            }
        }
        return found ?? fallback
    }

    /// Fields an extraction may have.
    public static let fields = ["from", "header", "column", "row", "json", "regex", "default"]

    /// Parses the entry `name: node` of an `extract:` mapping.
    public static func parse(variable name: String, _ node: ConfigNode) throws(ConfigError) -> Extraction {
        guard VariableName.isValid(name), !VariableName.builtIns.contains(name) else {
            throw node.error(
                "'\(name)' cannot name a variable: use letters, digits, '_' and '.', and none of "
                    + VariableName.builtIns.joined(separator: ", ")
            )
        }
        if case .scalar(let text, _) = node.value {
            guard let path = JSONPath(text) else {
                throw node.error(
                    "'\(text)' is not a JSON path such as $.token; for other sources write a mapping "
                        + "with one of from, header, column, json, regex"
                )
            }
            return Extraction(variable: name, filter: .json(path))
        }
        let mapping = try node.mapping(allowedKeys: fields)
        let sources = ["from", "header", "column"].filter { mapping[$0] != nil }
        guard sources.count <= 1 else {
            throw node.error("give one source: from, header or column (found \(sources.joined(separator: " and ")))")
        }
        var field = ResponseField.body
        if let from = mapping["from"] {
            switch try from.string() {
            case "body": field = .body
            case "status": field = .status
            case let other:
                throw from.error(
                    "unknown source '\(other)'; from takes body or status (write header: NAME or column: NAME "
                        + "for the others)"
                )
            }
        } else if let header = mapping["header"] {
            field = .header(try header.string().lowercased())
        } else if let column = mapping["column"] {
            let row = try mapping["row"]?.int() ?? 0
            guard row >= 0 else { throw mapping["row"]!.error("row counts from 0") }
            field = .column(try column.string(), row: row)
        }
        if mapping["row"] != nil, mapping["column"] == nil {
            throw mapping["row"]!.error("row goes with column")
        }
        var path: JSONPath?
        if let json = mapping["json"] {
            let text = try json.string()
            guard let parsed = JSONPath(text) else {
                throw json.error("'\(text)' is not a JSON path such as $.id, $.items[0].name or $['key']")
            }
            path = parsed
        }
        let regex = try mapping["regex"].map { node throws(ConfigError) in try node.regex() }
        let filter: Filter =
            switch (path, regex) {
            case (nil, nil): .whole
            case (let path?, nil): .json(path)
            case (nil, let regex?): .regex(regex)
            case (let path?, let regex?): .jsonThenRegex(path, regex)
            }
        return Extraction(variable: name, field: field, filter: filter, fallback: try mapping["default"]?.string())
    }
}
