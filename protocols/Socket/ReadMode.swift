import BarrageCore

/// How much of the reply a TCP step reads before it is complete.
public enum ReadMode: Sendable, Equatable {
    /// Whatever the first read returns (at least one byte). The default.
    case any
    /// Until this delimiter (`line` is `until: "\n"`).
    case until([UInt8])
    /// Exactly this many bytes.
    case length(Int)
    /// Until the peer closes the connection.
    case close
    /// Send only; read nothing.
    case none

    /// Parses `read: any|line|close|none` or `read: {until: "…"}` / `read: {length: N}`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> ReadMode {
        if case .scalar(let word, _) = node.value {
            switch word {
            case "any": return .any
            case "line": return .until([10])
            case "close": return .close
            case "none": return .none
            default:
                let hint = ConfigSuggestion.nearest(to: word, in: ["any", "line", "close", "none"])
                throw node.error(
                    "unknown read mode '\(word)'"
                        + (hint.map { "; did you mean '\($0)'?" }
                            ?? "; use any, line, close, none, {until: …} or {length: N}")
                )
            }
        }
        let mapping = try node.mapping(allowedKeys: ["until", "length"])
        if let until = mapping["until"] {
            let delimiter = Array(try until.string().utf8)
            guard !delimiter.isEmpty else { throw until.error("until needs at least one character") }
            return .until(delimiter)
        }
        if let length = mapping["length"] {
            let count = try length.int()
            guard count > 0 else { throw length.error("length must be at least 1, found \(count)") }
            return .length(count)
        }
        throw node.error("read needs until or length")
    }

    var delimiter: [UInt8] {
        if case .until(let delimiter) = self { return delimiter }
        return []
    }
}
