import BarrageCore
import Foundation

/// What a request sends as its body.
public enum HTTPBody: Sendable, Equatable {
    /// No body.
    case none
    /// These bytes, with the content type to send unless the step's headers name one.
    case bytes([UInt8], contentType: String?)
    /// A `multipart/form-data` upload: text fields and files read at each request.
    case multipart([MultipartField])

    /// One part of a multipart body.
    public struct MultipartField: Sendable, Equatable {
        /// The form field's name.
        public var name: String
        /// The text value, or the file to upload (`@path` in the scenario).
        public var value: Value

        /// A part's content.
        public enum Value: Sendable, Equatable {
            /// A text value.
            case text(String)
            /// A file's content, read when the request is sent; the part's file name is the file's.
            case file(String)
        }
    }

    /// The body keys a step may use; at most one of them.
    static let fields = ["body", "body_file", "json", "form", "multipart"]

    /// Parses whichever of `body`, `body_file`, `json`, `form` or `multipart` the step has.
    static func parse(_ mapping: ConfigMapping) throws(ConfigError) -> HTTPBody {
        let given = fields.filter { mapping[$0] != nil }
        if given.count > 1 {
            throw mapping[given[1]]!.error(
                "give one of \(fields.joined(separator: ", ")), not \(given.joined(separator: " and "))"
            )
        }
        guard let key = given.first, let node = mapping[key] else { return .none }
        switch key {
        case "body":
            return .bytes(Array(try node.string().utf8), contentType: nil)
        case "body_file":
            let path = try FilePath.resolve(node)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw node.error("cannot read '\(path)'")
            }
            return .bytes(Array(data), contentType: nil)
        case "json":
            let value = try ConfigJSON.value(of: node)
            guard
                let data = try? JSONSerialization.data(
                    withJSONObject: value,
                    options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]
                )
            else {
                throw node.error("cannot encode this value as JSON")
            }
            return .bytes(Array(data), contentType: "application/json")
        case "form":
            let form = try node.mapping(allowedKeys: node.keys)
            var pairs: [String] = []
            for name in form.keys {
                let value = try form[name]?.string() ?? ""
                pairs.append("\(FormEncoding.escape(name))=\(FormEncoding.escape(value))")
            }
            return .bytes(Array(pairs.joined(separator: "&").utf8), contentType: "application/x-www-form-urlencoded")
        default:
            let parts = try node.mapping(allowedKeys: node.keys)
            var fields: [MultipartField] = []
            for name in parts.keys {
                guard let valueNode = parts[name] else { continue }
                let text = try valueNode.string()
                if text.hasPrefix("@") {
                    fields.append(
                        MultipartField(
                            name: name,
                            value: .file(try FilePath.resolve(String(text.dropFirst()), node: valueNode))
                        )
                    )
                } else {
                    fields.append(MultipartField(name: name, value: .text(text)))
                }
            }
            guard !fields.isEmpty else { throw node.error("multipart needs at least one field") }
            return .multipart(fields)
        }
    }

    /// Whether a body is sent.
    var isEmpty: Bool { self == .none }
}
