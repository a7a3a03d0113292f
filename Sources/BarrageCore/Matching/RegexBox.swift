import Foundation

/// A compiled regular expression (ICU syntax, as `NSRegularExpression`), immutable and safe to share across
/// workers once made.
public final class RegexBox: @unchecked Sendable, Equatable {
    /// The pattern as written.
    public let pattern: String
    let regex: NSRegularExpression

    /// Compiles `pattern`; the failure carries the reason, for the user.
    public static func compile(_ pattern: String) -> Result<RegexBox, RegexSyntaxError> {
        do {
            return .success(RegexBox(pattern: pattern, regex: try NSRegularExpression(pattern: pattern)))
        } catch {
            return .failure(RegexSyntaxError(message: error.localizedDescription))
        }
    }

    private init(pattern: String, regex: NSRegularExpression) {
        self.pattern = pattern
        self.regex = regex
    }

    /// The number of capture groups.
    public var captureGroupCount: Int { regex.numberOfCaptureGroups }

    /// Whether `text` contains a match.
    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The first match in `text`: capture group `group` of it (0: the whole match), or nil when nothing
    /// matches or that group took no part in the match.
    public func firstMatch(in text: String, group: Int = 0) -> String? {
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            group <= match.numberOfRanges - 1,
            let range = Range(match.range(at: group), in: text)
        else { return nil }
        return String(text[range])
    }

    /// Equal when the patterns are.
    public static func == (lhs: RegexBox, rhs: RegexBox) -> Bool { lhs.pattern == rhs.pattern }
}

/// Why a regular expression does not compile.
public struct RegexSyntaxError: Error, Sendable {
    /// The compiler's reason.
    public let message: String
}

extension ConfigNode {
    /// The node as a regular expression; an invalid pattern is an error at this node.
    public func regex() throws(ConfigError) -> RegexBox {
        switch RegexBox.compile(try string()) {
        case .success(let box): return box
        case .failure(let reason): throw error("invalid regular expression: \(reason.message)")
        }
    }
}
