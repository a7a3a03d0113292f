import BarrageCore
import Foundation

/// What a reply must look like: contains, equals or matches a regular expression.
public enum ResponseCheck: Sendable {
    /// The reply contains these bytes.
    case contains([UInt8])
    /// The reply, without a trailing read delimiter, is exactly these bytes.
    case equals([UInt8])
    /// The reply, read as UTF-8, matches this regular expression.
    case regex(String, NSRegularExpressionBox)

    /// Parses `expect: {contains|equals|regex: …}`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> ResponseCheck {
        let mapping = try node.mapping(allowedKeys: ["contains", "equals", "regex"])
        guard mapping.keys.count == 1, let key = mapping.keys.first, let value = mapping[key] else {
            throw node.error("expect takes exactly one of contains, equals or regex")
        }
        let text = try value.string()
        switch key {
        case "contains": return .contains(Array(text.utf8))
        case "equals": return .equals(Array(text.utf8))
        default:
            do {
                return .regex(text, NSRegularExpressionBox(try NSRegularExpression(pattern: text)))
            } catch {
                throw value.error("invalid regular expression: \(error.localizedDescription)")
            }
        }
    }

    /// Whether `reply` passes; `delimiter` is stripped from its end for `equals`.
    func passes(_ reply: UnsafeRawBufferPointer, delimiter: [UInt8]) -> Bool {
        switch self {
        case .contains(let needle):
            return ByteSearch.firstIndex(of: needle, in: reply) != nil
        case .equals(let expected):
            var body = reply
            if !delimiter.isEmpty, reply.count >= delimiter.count,
                reply.suffix(delimiter.count).elementsEqual(delimiter)
            {
                body = UnsafeRawBufferPointer(rebasing: reply.prefix(reply.count - delimiter.count))
            }
            return body.elementsEqual(expected) || reply.elementsEqual(expected)
        case .regex(_, let box):
            let text = String(decoding: reply, as: UTF8.self)
            return box.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }
}

/// An `NSRegularExpression`, which is immutable and safe to share across threads once made.
public final class NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}

/// Byte-sequence search without copying.
enum ByteSearch {
    static func firstIndex(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard !needle.isEmpty else { return 0 }
        guard haystack.count >= needle.count, let base = haystack.baseAddress else { return nil }
        // memchr for the first byte, memcmp for the rest (glibc's memmem is not visible to Swift).
        return needle.withUnsafeBytes { pattern -> Int? in
            let first = Int32(needle[0])
            let lastStart = haystack.count - needle.count
            var offset = 0
            while offset <= lastStart {
                guard let hit = memchr(base + offset, first, lastStart - offset + 1) else { return nil }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, pattern.baseAddress!, needle.count) == 0 { return position }
                offset = position + 1
            }
            return nil
        }
    }
}
