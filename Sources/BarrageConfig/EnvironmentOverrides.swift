import BarrageCore

/// The `environments:` section and the one `--env NAME` picked: its `targets`, `variables` and `defaults`
/// override the file's own, entry by entry.
///
/// ```yaml
/// targets: {api: "http://127.0.0.1:8080"}
/// environments:
///   staging: {targets: {api: "https://staging.example.com"}}
/// ```
struct EnvironmentOverrides {
    /// The chosen environment's fields, or nil when none was chosen.
    let chosen: ConfigMapping?

    /// Checks every environment of `node` and picks `name`'s.
    static func choose(_ name: String?, in node: ConfigNode?) throws(ConfigError) -> EnvironmentOverrides {
        var known: [String] = []
        var picked: ConfigMapping?
        if let node {
            let environments = try node.mapping(allowedKeys: node.keys)
            for key in environments.keys {
                guard let value = environments[key] else { continue }
                let fields = try value.mapping(allowedKeys: PlanLoader.environmentFields)
                known.append(key)
                if key == name { picked = fields }
            }
        }
        if let name, picked == nil {
            let hint = ConfigSuggestion.nearest(to: name, in: known).map { "did you mean '\($0)'? " } ?? ""
            throw ConfigError(
                location: .commandLine,
                path: "--env",
                message: known.isEmpty
                    ? "no environment '\(name)': the file has no environments:"
                    : "no environment '\(name)'; \(hint)the file has: \(known.joined(separator: ", "))"
            )
        }
        return EnvironmentOverrides(chosen: picked)
    }

    /// The chosen environment's `key`, if any.
    func node(_ key: String) -> ConfigNode? { chosen?[key] }

    /// The named endpoints: the file's `targets`, then the chosen environment's.
    func targets(base: ConfigNode?) throws(ConfigError) -> [String: String] {
        var targets: [String: String] = [:]
        for node in [base, node("targets")].compactMap({ $0 }) {
            let mapping = try node.mapping(allowedKeys: node.keys)
            for name in mapping.keys {
                guard VariableName.isValid(name), !name.contains(".") else {
                    throw node.error("'\(name)' cannot name a target: use letters, digits and '_'")
                }
                targets[name] = try mapping.required(name).string()
            }
        }
        return targets
    }
}
