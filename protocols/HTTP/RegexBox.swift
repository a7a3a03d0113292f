import Foundation

/// A compiled `NSRegularExpression`, immutable and safe to share across workers once made.
public final class RegexBox: @unchecked Sendable, Equatable {
    /// The pattern as written.
    public let pattern: String
    let regex: NSRegularExpression

    /// Compiles `pattern`; nil with the reason when it is invalid.
    static func compile(_ pattern: String) -> Result<RegexBox, ParseProblem> {
        do {
            return .success(RegexBox(pattern: pattern, regex: try NSRegularExpression(pattern: pattern)))
        } catch {
            return .failure(ParseProblem(error.localizedDescription))
        }
    }

    private init(pattern: String, regex: NSRegularExpression) {
        self.pattern = pattern
        self.regex = regex
    }

    /// Whether `text` contains a match.
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Equal when the patterns are.
    public static func == (lhs: RegexBox, rhs: RegexBox) -> Bool { lhs.pattern == rhs.pattern }
}
