import BarrageCore

/// The `defaults:` section: `timeout` for every step, `think_time` and `graceful_stop` for every scenario,
/// and per protocol (`http: {headers: …}`) fields every step of that protocol gets unless it sets them.
struct StepDefaults {
    static let commonFields = ["timeout", "think_time", "graceful_stop"]

    var timeout: ConfigNode?
    var thinkTime: ConfigNode?
    var gracefulStop: ConfigNode?
    var perProtocol: [String: [(key: String, keyLocation: SourceLocation, value: ConfigNode)]] = [:]

    /// The file's defaults with the chosen environment's on top.
    static func parse(
        base: ConfigNode?,
        override: ConfigNode?,
        protocols: [String]
    ) throws(ConfigError)
        -> StepDefaults
    {
        var defaults = StepDefaults()
        for node in [base, override].compactMap({ $0 }) {
            let mapping = try node.mapping(allowedKeys: commonFields + protocols)
            if let timeout = mapping["timeout"] {
                _ = try timeout.duration()
                defaults.timeout = timeout
            }
            if let thinkTime = mapping["think_time"] { defaults.thinkTime = thinkTime }
            if let gracefulStop = mapping["graceful_stop"] {
                _ = try gracefulStop.duration()
                defaults.gracefulStop = gracefulStop
            }
            for name in protocols {
                guard let fields = mapping[name] else { continue }
                _ = try fields.mapping(allowedKeys: fields.keys)
                var merged = defaults.perProtocol[name] ?? []
                for entry in fields.entries {
                    merged.removeAll { $0.key == entry.key }
                    merged.append(entry)
                }
                defaults.perProtocol[name] = merged
            }
        }
        return defaults
    }

    /// A step body of `protocolName` with the defaults it does not set itself.
    func apply(to body: ConfigNode, protocolName: String) -> ConfigNode {
        var entries = perProtocol[protocolName] ?? []
        if let timeout, !entries.contains(where: { $0.key == "timeout" }) {
            entries.append(("timeout", timeout.location, timeout))
        }
        return body.addingDefaults(entries)
    }
}
