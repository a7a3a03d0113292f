import BarrageCore
import Foundation

/// A scenario value as a JSON value for `JSONSerialization`: mappings become objects, lists arrays; plain
/// scalars that read as numbers, booleans or null become those, quoted scalars stay strings.
enum ConfigJSON {
    /// The JSON value of `node`.
    static func value(of node: ConfigNode) throws(ConfigError) -> Any {
        switch node.value {
        case .null:
            return NSNull()
        case .scalar(let text, let isQuoted):
            if !isQuoted, text.hasPrefix("${"), text.hasSuffix("}"), text.dropFirst(2).allSatisfy({ $0 != "$" }) {
                // An unquoted `${name}` is inserted bare (see `Template.jsonText`).
                return "\u{1}\(text)\u{1}"
            }
            return isQuoted ? text : scalar(text)
        case .sequence(let items):
            var array: [Any] = []
            for item in items { array.append(try value(of: item)) }
            return array
        case .mapping:
            let mapping = try node.mapping(allowedKeys: node.keys)
            var object: [String: Any] = [:]
            for key in mapping.keys {
                object[key] = try mapping[key].map { node throws(ConfigError) in try value(of: node) } ?? NSNull()
            }
            return object
        }
    }

    /// A plain scalar's JSON meaning.
    static func scalar(_ text: String) -> Any {
        switch text {
        case "true": return true
        case "false": return false
        case "null", "~": return NSNull()
        default:
            if let integer = Int(text) { return integer }
            if let number = Double(text), number.isFinite, text.first.map({ $0.isNumber || $0 == "-" }) == true {
                return number
            }
            return text
        }
    }
}
