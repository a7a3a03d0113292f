import BarrageCore
import Foundation

/// A check on a JSON response body at one path: the value exists (or not), equals a value, or (as text)
/// contains or matches.
public struct JSONCheck: Sendable, Equatable {
    /// Where in the document.
    public var path: JSONPath
    /// The condition on the value there, compared as text (numbers as JSON writes them).
    public var condition: TextMatch

    /// Parses one `"$.path": value | {equals|contains|regex|exists: …}` entry.
    static func parse(path text: String, _ node: ConfigNode) throws(ConfigError) -> JSONCheck {
        guard let path = JSONPath(text) else {
            throw node.error("'\(text)' is not a JSON path such as $.id, $.items[0].name or $['key']")
        }
        return JSONCheck(
            path: path,
            condition: try TextMatch.parse(node, allowed: ["equals", "contains", "regex", "exists"])
        )
    }

    /// Whether the document `root` passes.
    func passes(_ root: Any) -> Bool {
        condition.passes(path.value(in: root).map(JSONCheck.text(of:)))
    }

    /// A JSON value as the text a scenario compares it with: strings bare, numbers and booleans as written,
    /// null as `null`, objects and arrays as compact JSON.
    static func text(of value: Any) -> String {
        switch value {
        case let string as String: return string
        case is NSNull: return "null"
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            if number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15 {
                return String(number.int64Value)
            }
            return "\(number.doubleValue)"
        default:
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
            return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }
}
