import Foundation

/// Removes known secrets (tokens, passwords, header values, whole webhook URLs) from text before it is shown.
struct SecretRedactor: Sendable, Equatable {
    /// The secrets, longest first so that one containing another is replaced whole.
    private(set) var secrets: [String]

    /// A redactor for `secrets`; empty and very short values are ignored (they would blank out ordinary text).
    init(_ secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    /// `text` with every secret replaced by `[redacted]`.
    func redact(_ text: String) -> String {
        var text = text
        for secret in secrets { text = text.replacingOccurrences(of: secret, with: "[redacted]") }
        return text
    }
}
