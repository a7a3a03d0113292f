import Foundation

/// A parsed configuration value with its location and field path: the form in which a scenario reaches the
/// core and every protocol's step parser, independent of the file format.
///
/// Typed accessors (`string()`, `int()`, `duration()`, `mapping(allowedKeys:)`) throw `ConfigError`s that
/// name the file, line, column and field, so a third-party protocol reports errors like a built-in one.
public struct ConfigNode: Sendable {
    /// The shape of a value.
    public enum Value: Sendable {
        /// A scalar as written (YAML's plain, quoted or block text); `isQuoted` tells `"1"` from `1`.
        case scalar(String, isQuoted: Bool)
        /// An ordered list.
        case sequence([ConfigNode])
        /// Key/value pairs in the order written.
        case mapping([(key: String, keyLocation: SourceLocation, value: ConfigNode)])
        /// An empty value (`~`, `null`, or nothing).
        case null
    }

    /// The value.
    public var value: Value
    /// Where it was written.
    public var location: SourceLocation
    /// Its field path from the document's root.
    public var path: String

    /// Makes a node.
    public init(_ value: Value, location: SourceLocation, path: String) {
        self.value = value
        self.location = location
        self.path = path
    }

    /// An error about this node.
    public func error(_ message: String) -> ConfigError {
        ConfigError(location: location, path: path, message: message)
    }

    /// A short name of the node's kind, for messages.
    public var kindDescription: String {
        switch value {
        case .scalar: "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .null: "nothing"
        }
    }

    /// Whether the node is null.
    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The node as text; numbers and booleans are accepted as their text.
    public func string() throws(ConfigError) -> String {
        guard case .scalar(let text, _) = value else { throw error("expected a text value, found \(kindDescription)") }
        return text
    }

    /// The node as an integer.
    public func int() throws(ConfigError) -> Int {
        let text = try string()
        guard let number = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw error("expected a whole number, found '\(text)'")
        }
        return number
    }

    /// The node as a number.
    public func double() throws(ConfigError) -> Double {
        let text = try string()
        guard let number = Double(text.replacingOccurrences(of: "_", with: "")), number.isFinite else {
            throw error("expected a number, found '\(text)'")
        }
        return number
    }

    /// The node as a boolean (`true`/`false`, `yes`/`no`, `on`/`off`).
    public func bool() throws(ConfigError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found '\(try string())'")
        }
    }

    /// The node as a duration in nanoseconds: `500ms`, `2s`, `1m30s`, `1h`, `250us`; a bare number is seconds.
    public func duration() throws(ConfigError) -> UInt64 {
        let text = try string()
        guard let nanoseconds = DurationText.nanoseconds(text) else {
            throw error("expected a duration such as 500ms, 30s, 1m30s or 2h, found '\(text)'")
        }
        return nanoseconds
    }

    /// The node as a list.
    public func sequence() throws(ConfigError) -> [ConfigNode] {
        guard case .sequence(let items) = value else { throw error("expected a list, found \(kindDescription)") }
        return items
    }

    /// The node as a mapping whose keys must be among `allowedKeys`; an unknown key is an error that names the
    /// nearest allowed one.
    public func mapping(allowedKeys: [String]) throws(ConfigError) -> ConfigMapping {
        guard case .mapping(let entries) = value else {
            throw error("expected a mapping (key: value), found \(kindDescription)")
        }
        for entry in entries where !allowedKeys.contains(entry.key) {
            throw ConfigError(
                location: entry.keyLocation,
                path: path.isEmpty ? entry.key : "\(path).\(entry.key)",
                message: ConfigSuggestion.unknownKeyMessage(entry.key, allowed: allowedKeys)
            )
        }
        return ConfigMapping(node: self, entries: entries)
    }

    /// The keys of a mapping node in order (empty for other kinds).
    public var keys: [String] {
        if case .mapping(let entries) = value { return entries.map(\.key) }
        return []
    }
}

/// The entries of a mapping node, read by key with typed accessors.
public struct ConfigMapping: Sendable {
    /// The mapping node itself.
    public let node: ConfigNode
    let entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)]

    /// The value under `key`, or nil when absent or null.
    public subscript(key: String) -> ConfigNode? {
        guard let entry = entries.first(where: { $0.key == key }), !entry.value.isNull else { return nil }
        return entry.value
    }

    /// The value under `key`, or an error naming the missing field.
    public func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let value = self[key] else { throw node.error("missing required field '\(key)'") }
        return value
    }

    /// The keys present, in order.
    public var keys: [String] { entries.map(\.key) }
}
