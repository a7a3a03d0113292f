import Foundation

/// Where the CLI writes: standard output and error, or buffers in tests.
public struct Console: Sendable {
    /// Writes to standard output.
    public let out: @Sendable (String) -> Void
    /// Writes to standard error.
    public let err: @Sendable (String) -> Void
    /// Whether standard output is a terminal (live progress redraws one line there).
    public let isTerminal: Bool

    /// Makes a console from two writers.
    public init(isTerminal: Bool, out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void)
    {
        self.isTerminal = isTerminal
        self.out = out
        self.err = err
    }

    /// The process's standard output and error.
    public static var standard: Console {
        Console(
            isTerminal: isatty(STDOUT_FILENO) == 1,
            out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            err: { text in FileHandle.standardError.write(Data(text.utf8)) }
        )
    }

    /// Writes a line to standard output.
    public func line(_ text: String = "") { out(text + "\n") }
    /// Writes a line to standard error.
    public func errorLine(_ text: String) { err(text + "\n") }
}
