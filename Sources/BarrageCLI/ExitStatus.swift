/// Barrage's exit codes: scripts and CI rely on them.
public enum ExitStatus: Int32, Sendable {
    /// The run passed (its thresholds held; without thresholds, no sample failed).
    case passed = 0
    /// The run completed but failed: thresholds failed, or (without thresholds) some samples failed.
    case failed = 1
    /// Bad input or configuration: nothing ran.
    case badInput = 2
    /// A threshold with `abort_on_fail` stopped the run.
    case aborted = 3
    /// Interrupted by SIGINT or SIGTERM; the result was still written.
    case interrupted = 130
}

/// An error that ends a command with a message and an exit status.
public struct CommandFailure: Error, Sendable {
    /// What to tell the user (one line, no stack trace).
    public var message: String
    /// The exit status.
    public var status: ExitStatus

    /// Makes a failure.
    public init(_ message: String, status: ExitStatus = .badInput) {
        self.message = message
        self.status = status
    }
}

/// A command that finished and wants a particular exit status without an error message.
struct CommandExit: Error, Sendable {
    var status: ExitStatus
}
