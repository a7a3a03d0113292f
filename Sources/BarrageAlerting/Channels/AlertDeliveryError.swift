/// Why an alert was not delivered; whether trying again may help.
public struct AlertDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, without secrets.
    public var message: String
    /// Whether a retry may succeed (a timeout, a refused connection, a 5xx or 429), or not (a 4xx).
    public var isRetryable: Bool

    /// Makes an error.
    public init(_ message: String, isRetryable: Bool = true) {
        self.message = message
        self.isRetryable = isRetryable
    }

    /// The message.
    public var description: String { message }
}
