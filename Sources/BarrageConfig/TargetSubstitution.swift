import BarrageCore
import Foundation

/// `${targets.NAME}` in scenario values, replaced with the named endpoint from the file's `targets:` (after
/// the chosen environment's overrides) when the file loads.
enum TargetSubstitution {
    static let prefix = "${targets."

    /// `text` with every `${targets.NAME}` replaced; an unknown name is an error at `node`.
    static func apply(to text: String, targets: [String: String], node: ConfigNode) throws(ConfigError) -> String {
        guard text.contains(prefix) else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: prefix) {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw node.error("'\(prefix)' without its closing '}'")
            }
            let name = String(rest[open.upperBound..<close])
            guard let value = targets[name] else {
                let known = targets.keys.sorted()
                let hint = ConfigSuggestion.nearest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
                throw node.error(
                    "unknown target '\(name)'\(hint)"
                        + (known.isEmpty ? " The file has no targets:" : " Targets: \(known.joined(separator: ", "))")
                )
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
