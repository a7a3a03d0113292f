import Foundation

/// A compiled regular expression, immutable and safe to share across workers once made.
public final class MessageRegex: @unchecked Sendable {
    /// The pattern as written.
    public let pattern: String
    private let regex: NSRegularExpression

    /// Compiles `pattern`, or gives the reason it is invalid.
    static func compile(_ pattern: String) -> Result<MessageRegex, ParseProblem> {
        do {
            return .success(MessageRegex(pattern: pattern, regex: try NSRegularExpression(pattern: pattern)))
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
}
