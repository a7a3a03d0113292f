/// A problem in a scenario, with where it is and which field it concerns; every message tells the user
/// what to change.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the offending value was written.
    public var location: SourceLocation
    /// The field path, e.g. `scenarios.echo.flow[0].tcp.timeout`.
    public var path: String
    /// What is wrong and what would be right.
    public var message: String

    /// Makes an error.
    public init(location: SourceLocation, path: String, message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    /// `file:line:column: field.path: message`.
    public var description: String {
        path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}
