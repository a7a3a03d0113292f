/// A problem in a scenario, with where it is and which field it concerns; every message tells the user
/// what to change.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the offending value was written.
    public var location: SourceLocation
    /// The field path, e.g. `scenarios.echo.flow[0].tcp.timeout`.
    public var path: String
    /// What is wrong and what would be right.
    public var message: String
    /// Further problems found in the same file, each reported the same way (`barrage validate` lists all).
    public var more: [ConfigError] = []

    /// Makes an error.
    public init(location: SourceLocation, path: String, message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    /// `file:line:column: field.path: message`, one line per problem.
    public var description: String {
        ([self.withoutMore] + more).map(\.line).joined(separator: "\n")
    }

    /// This problem and the further ones, in order.
    public var all: [ConfigError] { [self.withoutMore] + more }

    /// One error made of `errors` (the first leads, the rest follow), or nil when there are none.
    public static func combining(_ errors: [ConfigError]) -> ConfigError? {
        let flat = errors.flatMap(\.all)
        guard var first = flat.first else { return nil }
        first.more = Array(flat.dropFirst())
        return first
    }

    private var withoutMore: ConfigError {
        var copy = self
        copy.more = []
        return copy
    }

    private var line: String {
        path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}
