/// The values a run must never show: `secret: true` variables, the values `${ENV}` and `${env.NAME}`
/// substituted, passwords. Every text that leaves the process (console, logs, results, reports) passes
/// through `redact`.
public struct SecretRedactor: Sendable, Equatable {
    /// What a secret is replaced with.
    public static let mask = "***"

    /// The secret values, longest first so that a secret containing another is masked whole.
    public private(set) var secrets: [String]

    /// A redactor of `secrets`; values shorter than 3 characters are ignored (masking every "1" or "a" in a
    /// report would hide more than it protects).
    public init(_ secrets: [String] = []) {
        self.secrets = []
        for secret in secrets { add(secret) }
    }

    /// Adds a secret.
    public mutating func add(_ secret: String) {
        guard secret.count >= 3, !secrets.contains(secret) else { return }
        secrets.append(secret)
        secrets.sort { $0.count > $1.count }
    }

    /// Whether there is nothing to redact.
    public var isEmpty: Bool { secrets.isEmpty }

    /// `text` with every secret replaced by `***`.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.mask)
        }
        return result
    }
}
