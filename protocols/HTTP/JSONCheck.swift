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
        condition.passes(path.value(in: root).map(JSONPath.text(of:)))
    }
}
