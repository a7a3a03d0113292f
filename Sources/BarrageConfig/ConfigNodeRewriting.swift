import BarrageCore

extension ConfigNode {
    /// This node with every scalar below it passed through `transform` (given the text and its node).
    func rewritingScalars(
        _ transform: (String, ConfigNode) throws(ConfigError) -> String
    ) throws(ConfigError)
        -> ConfigNode
    {
        var copy = self
        switch value {
        case .null: break
        case .scalar(let text, let isQuoted):
            copy.value = .scalar(try transform(text, self), isQuoted: isQuoted)
        case .sequence(let items):
            var rewritten: [ConfigNode] = []
            for item in items { rewritten.append(try item.rewritingScalars(transform)) }
            copy.value = .sequence(rewritten)
        case .mapping(let entries):
            var rewritten: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = []
            for entry in entries {
                rewritten.append((entry.key, entry.keyLocation, try entry.value.rewritingScalars(transform)))
            }
            copy.value = .mapping(rewritten)
        }
        return copy
    }

    /// This mapping with the entries of `defaults` added under every key it does not have (a shallow merge:
    /// the step's own value wins whole). Nodes that are not mappings are returned as they are.
    func addingDefaults(_ defaults: [(key: String, keyLocation: SourceLocation, value: ConfigNode)]) -> ConfigNode {
        guard case .mapping(var entries) = value, !defaults.isEmpty else { return self }
        for entry in defaults where !entries.contains(where: { $0.key == entry.key }) {
            entries.append(entry)
        }
        var copy = self
        copy.value = .mapping(entries)
        return copy
    }

    /// The entries of a mapping node (empty for other kinds).
    var entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] {
        if case .mapping(let entries) = value { return entries }
        return []
    }
}
