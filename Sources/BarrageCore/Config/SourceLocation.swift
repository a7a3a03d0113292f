/// Where something was written: file, line and column (both 1-based), for error messages.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file's path as given by the user, or a label such as `<command line>`.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Makes a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location for values that came from the command line rather than a file.
    public static let commandLine = SourceLocation(file: "<command line>", line: 0, column: 0)

    /// `file:line:column`, or just the file when there is no line.
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}
