import Foundation

/// A small JSON path: `$`, then `.name`, `['name']` or `[index]` steps, e.g. `$.items[0].id`.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    /// One step down into a value.
    enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    /// The path as written.
    public let description: String
    let components: [Component]

    /// Parses `text`, or nil when it is not a path of this form.
    public init?(_ text: String) {
        description = text
        var components: [Component] = []
        var rest = Substring(text)
        guard rest.hasPrefix("$") else { return nil }
        rest = rest.dropFirst()
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else { return nil }
                components.append(.key(String(name)))
                rest = rest.dropFirst(name.count)
            } else if first == "[" {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                if let index = Int(inside) {
                    components.append(.index(index))
                } else if inside.count >= 2, let quote = inside.first, quote == "'" || quote == "\"",
                    inside.last == quote
                {
                    components.append(.key(String(inside.dropFirst().dropLast())))
                } else {
                    return nil
                }
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
            }
        }
        self.components = components
    }

    /// The key when the path is one top-level key (`$.sent_ns`): a caller may find it without parsing the
    /// whole document.
    public var topLevelKey: String? {
        if components.count == 1, case .key(let key) = components[0] { return key }
        return nil
    }

    /// The value at this path in `root` (a `JSONSerialization` result), or nil when there is none.
    public func value(in root: Any) -> Any? {
        var current = root
        for component in components {
            switch component {
            case .key(let key):
                guard let object = current as? [String: Any], let next = object[key] else { return nil }
                current = next
            case .index(let index):
                guard let array = current as? [Any] else { return nil }
                let position = index < 0 ? array.count + index : index
                guard array.indices.contains(position) else { return nil }
                current = array[position]
            }
        }
        return current
    }

    /// The text at this path in the JSON document `data`, as `text(of:)` writes it; nil when the document
    /// does not parse or has nothing there.
    public func text(inDocument data: some Collection<UInt8>) -> String? {
        let bytes = data as? [UInt8] ?? Array(data)
        guard
            let root = try? JSONSerialization.jsonObject(
                with: Data(bytes),
                options: [.fragmentsAllowed]
            ),
            let value = value(in: root)
        else { return nil }
        return Self.text(of: value)
    }

    /// A JSON value as the text a scenario compares it with or stores in a variable: strings bare, numbers and
    /// booleans as written, null as `null`, objects and arrays as compact JSON.
    public static func text(of value: Any) -> String {
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
