/// A fault document that cannot be used, naming the offending field.
///
/// The message reads `faults.tcp.latency.ms: must be a non-negative number`, so whoever sent it can fix the field.
public struct FaultValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dotted path of the offending field, starting at `faults`.
    public var field: String
    /// What is wrong with it and what is expected instead.
    public var reason: String

    /// Creates an error for `field`.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `field: reason`.
    public var description: String { "\(field): \(reason)" }
}
