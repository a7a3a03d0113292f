/// A condition on a piece of text (a header value, a body): equals, contains, matches, exists.
public enum TextMatch: Sendable, Equatable {
    /// Exactly this text.
    case equals(String)
    /// Contains this text.
    case contains(String)
    /// Contains a match of this regular expression.
    case regex(RegexBox)
    /// Present (`true`) or absent (`false`).
    case exists(Bool)

    /// Whether `text` (nil: absent) passes.
    public func passes(_ text: String?) -> Bool {
        switch self {
        case .exists(let wanted): return (text != nil) == wanted
        case .equals(let expected): return text == expected
        case .contains(let needle): return text?.contains(needle) ?? false
        case .regex(let box):
            guard let text else { return false }
            return box.matches(text)
        }
    }

    /// Parses a plain value (equals) or `{equals|contains|regex|exists: …}` with exactly one key, from `allowed`.
    public static func parse(_ node: ConfigNode, allowed: [String]) throws(ConfigError) -> TextMatch {
        if case .scalar(let text, _) = node.value, allowed.contains("equals") { return .equals(text) }
        let mapping = try node.mapping(allowedKeys: allowed)
        guard mapping.keys.count == 1, let key = mapping.keys.first, let value = mapping[key] else {
            throw node.error("give exactly one of \(allowed.joined(separator: ", "))")
        }
        switch key {
        case "equals": return .equals(try value.string())
        case "contains": return .contains(try value.string())
        case "exists": return .exists(try value.bool())
        default:
            return .regex(try value.regex())
        }
    }
}
