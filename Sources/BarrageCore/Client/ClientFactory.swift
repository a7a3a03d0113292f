/// Makes sessions of one or more protocols, and parses those protocols' steps: what a protocol target
/// registers with the core. The core knows nothing else of a protocol.
public protocol ClientFactory: Sendable {
    /// The names scenarios use for the protocols this factory serves, e.g. `["tcp", "udp"]`.
    /// In an ad-hoc run (`barrage run --url SCHEME://…`) the URL's scheme picks the factory by these names.
    var protocolNames: [String] { get }

    /// A one-line description for `barrage clients`.
    var summary: String { get }

    /// The module that provides it and its version, for `barrage clients`.
    var provider: String { get }

    /// Parses one step of `protocolName` written in a scenario. Throw `ConfigError`s made with
    /// `node.error(…)` so users see the file, line and field.
    func parseStep(protocolName: String, _ node: ConfigNode) throws(ConfigError) -> any StepDefinition

    /// Makes the step of an ad-hoc run from `barrage run --url …` options.
    func adHocStep(_ request: AdHocRequest) throws(ConfigError) -> any StepDefinition

    /// Makes a session for one VU on `context.worker`. Called on that worker's thread.
    func makeClient(context: ClientContext) -> any Client

    /// Monitors to sample during a run of `plan` (a server's own statistics, asked for by the plan's steps of
    /// this factory's protocols); called once before the run starts. See `Monitor`.
    func monitors(for plan: Plan) -> [any Monitor]
}

extension ClientFactory {
    /// The default provider is unnamed.
    public var provider: String { "unknown" }

    /// By default a protocol supplies no monitors.
    public func monitors(for plan: Plan) -> [any Monitor] { [] }

    /// By default a protocol has no ad-hoc form.
    public func adHocStep(_ request: AdHocRequest) throws(ConfigError) -> any StepDefinition {
        throw ConfigError(
            location: .commandLine,
            path: "--url",
            message: "protocol '\(request.protocolName)' has no ad-hoc form; write a scenario file"
        )
    }
}

/// The options of an ad-hoc run, for a factory to build its step from.
public struct AdHocRequest: Sendable {
    /// The URL's scheme, which chose the factory.
    public var protocolName: String
    /// The URL as given.
    public var url: String
    /// `--send`: payload text, with `\n`, `\r`, `\t` and `\\` escapes already decoded.
    public var send: String?
    /// `--method` (HTTP).
    public var method: String?
    /// `--header` values, `Name: value`.
    public var headers: [String]
    /// `--body` text or `@file`.
    public var body: String?
    /// `--timeout` in nanoseconds, when given.
    public var timeout: UInt64?

    /// Makes a request.
    public init(
        protocolName: String,
        url: String,
        send: String? = nil,
        method: String? = nil,
        headers: [String] = [],
        body: String? = nil,
        timeout: UInt64? = nil
    ) {
        self.protocolName = protocolName
        self.url = url
        self.send = send
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

extension AdHocRequest {
    /// The `--header` values as a step's `headers` entry (a mapping of name to value, each split at its first colon
    /// and trimmed), ready to append to an ad-hoc step's fields; nil without `--header`. A value without a colon
    /// is an error naming `--header`.
    public func headersEntry() throws(ConfigError) -> (key: String, keyLocation: SourceLocation, value: ConfigNode)? {
        guard !headers.isEmpty else { return nil }
        var mapping: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = []
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else {
                throw ConfigError(location: .commandLine, path: "--header", message: "'\(header)' is not 'Name: value'")
            }
            let name = header[..<colon].trimmingSpaces
            let value = header[header.index(after: colon)...].trimmingSpaces
            mapping.append(
                (
                    String(name), .commandLine,
                    ConfigNode(.scalar(String(value), isQuoted: true), location: .commandLine, path: "--header")
                )
            )
        }
        return ("headers", .commandLine, ConfigNode(.mapping(mapping), location: .commandLine, path: "--header"))
    }
}
