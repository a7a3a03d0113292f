import BarrageCore

/// Parses a `variables:` mapping: every VU starts with these values. A value is text, or
/// `{value: …, secret: true}` to keep it out of every output.
enum VariablesParser {
    /// The variables of `node` (none when nil); secret values are added to `secrets`.
    static func parse(_ node: ConfigNode?, secrets: inout SecretRedactor) throws(ConfigError) -> [String: String] {
        guard let node else { return [:] }
        let mapping = try node.mapping(allowedKeys: node.keys)
        var variables: [String: String] = [:]
        for name in mapping.keys {
            let value = mapping[name]
            guard VariableName.isValid(name), !VariableName.builtIns.contains(name) else {
                throw (value ?? node).error(
                    "'\(name)' cannot name a variable: use letters, digits, '_' and '.', and none of "
                        + VariableName.builtIns.joined(separator: ", ")
                )
            }
            guard let value else {
                variables[name] = ""
                continue
            }
            if case .mapping = value.value {
                let fields = try value.mapping(allowedKeys: ["value", "secret"])
                let text = try fields.required("value").string()
                if try fields["secret"]?.bool() ?? false { secrets.add(text) }
                variables[name] = text
            } else {
                variables[name] = try value.string()
            }
        }
        return variables
    }
}
