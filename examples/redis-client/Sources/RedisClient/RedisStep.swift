import BarrageCore

/// A `redis` step: one command, or a pipeline of commands written in one send, on the VU's connection to
/// the server; every reply is read and checked.
///
/// ```yaml
/// - name: read item
///   redis:
///     address: "127.0.0.1:6379"
///     password: "${REDIS_PASSWORD}"     # optional: AUTH (or HELLO 3 AUTH) on connect
///     database: 1                       # optional: SELECT on connect
///     command: [GET, "item:${item_id}"] # or pipeline: [[GET, a], [GET, b]]
///     expect: {equals: "v"}             # or {type: integer}, {contains: "${token}"}
///     timeout: 2s
///   extract: {cached: {from: body}}     # the (last) reply as text, see `RESPText`
/// ```
///
/// Arguments and the texts of `expect` are templates (`ConfigNode.template()`): `${name}` reads the VU's
/// variables, and the loader checks that each one is defined. When every argument is constant the request is
/// encoded once, here, and executing the step writes those bytes; otherwise `requestTemplate` encodes it per
/// execution. The connection fields (`address`, `password`, …) are not templated: a connection outlives steps.
///
/// A final class rather than a struct: the client casts the step it is given once per execution, and a class
/// cast is a type check and a retain, where a struct cast copies every field.
public final class RedisStep: StepDefinition {
    /// The connection the step runs on.
    public let settings: RedisConnectionSettings
    /// The encoded commands, written in one send, when every argument is constant (empty otherwise).
    public let request: [UInt8]
    /// The commands when some argument reads a variable: encoded per execution. Nil when `request` is whole.
    let requestTemplate: RedisRequestTemplate?
    /// How many commands the request holds, hence how many replies are read.
    public let commandCount: Int
    /// The check every reply must pass, if any.
    public let expectation: RedisExpectation?
    /// The whole step's timeout, ns.
    public let timeout: UInt64
    /// The connect timeout (TCP connect and handshake), ns.
    public let connectTimeout: UInt64

    /// Slot 0: TCP connect; slot 1: the handshake (HELLO/AUTH/SELECT); slot 2: request sent to first byte.
    public var phaseNames: [String] { ["connect", "handshake", "first_byte"] }

    /// Makes a step of constant commands from parts (tests and programs that build plans without YAML).
    public convenience init(
        settings: RedisConnectionSettings,
        commands: [[String]],
        expectation: RedisExpectation? = nil,
        timeout: UInt64 = 5_000_000_000,
        connectTimeout: UInt64? = nil
    ) {
        self.init(
            settings: settings,
            templates: commands.map { $0.map { Template(literal: $0) } },
            expectation: expectation,
            timeout: timeout,
            connectTimeout: connectTimeout
        )
    }

    /// Makes a step whose arguments may read variables (`Template(parsing: "item:${item_id}")`).
    public init(
        settings: RedisConnectionSettings,
        templates commands: [[Template]],
        expectation: RedisExpectation? = nil,
        timeout: UInt64 = 5_000_000_000,
        connectTimeout: UInt64? = nil
    ) {
        self.settings = settings
        requestTemplate = RedisRequestTemplate(commands)
        request =
            requestTemplate == nil
            ? RESPEncoder.encode(commands.map { $0.map { Array(($0.constantText ?? "").utf8) } }) : []
        commandCount = commands.count
        self.expectation = expectation
        self.timeout = timeout
        self.connectTimeout = connectTimeout ?? min(timeout, 5_000_000_000)
    }

    static let fields = [
        "address", "command", "pipeline", "expect", "timeout", "connect_timeout", "password", "username",
        "database", "protocol",
    ]

    /// Parses a `redis:` step.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> RedisStep {
        let mapping = try node.mapping(allowedKeys: fields)
        let settings = try parseSettings(mapping)
        let commands: [[Template]]
        switch (mapping["command"], mapping["pipeline"]) {
        case (let command?, nil):
            commands = [try parseCommand(command)]
        case (nil, let pipeline?):
            let items = try pipeline.sequence()
            guard !items.isEmpty else { throw pipeline.error("a pipeline needs at least one command") }
            commands = try items.map { item throws(ConfigError) in try parseCommand(item) }
        case (.some, .some):
            throw node.error("give either command or pipeline, not both")
        case (nil, nil):
            throw node.error("a redis step needs command (e.g. [GET, key]) or pipeline (a list of commands)")
        }
        let timeout = try mapping["timeout"]?.duration() ?? 5_000_000_000
        guard timeout > 0 else { throw mapping["timeout"]!.error("timeout must be longer than zero") }
        let connectTimeout = try mapping["connect_timeout"]?.duration() ?? min(timeout, 5_000_000_000)
        guard connectTimeout > 0 else {
            throw mapping["connect_timeout"]!.error("connect_timeout must be longer than zero")
        }
        return RedisStep(
            settings: settings,
            templates: commands,
            expectation: try mapping["expect"].map { node throws(ConfigError) in try RedisExpectation.parse(node) },
            timeout: timeout,
            connectTimeout: connectTimeout
        )
    }

    private static func parseSettings(_ mapping: ConfigMapping) throws(ConfigError) -> RedisConnectionSettings {
        let addressNode = try mapping.required("address")
        let address: RedisAddress
        switch RedisAddress.resolve(try addressNode.string()) {
        case .success(let resolved): address = resolved
        case .failure(let failure): throw addressNode.error(failure.message)
        }
        let database = try mapping["database"]?.int() ?? 0
        guard database >= 0 else { throw mapping["database"]!.error("database must be 0 or more, found \(database)") }
        let protocolVersion = try mapping["protocol"]?.int() ?? 2
        guard protocolVersion == 2 || protocolVersion == 3 else {
            throw mapping["protocol"]!.error(
                "protocol must be 2 (RESP2) or 3 (RESP3, HELLO 3), found \(protocolVersion)"
            )
        }
        // The password is never echoed in a message: an empty one (an unset `${REDIS_PASSWORD:-}`) means no AUTH.
        let password = try mapping["password"]?.string()
        let username = try mapping["username"]?.string()
        if username != nil, password?.isEmpty ?? true {
            throw mapping["username"]!.error("username needs a password")
        }
        return RedisConnectionSettings(
            address: address,
            username: username,
            password: password?.isEmpty == false ? password : nil,
            database: database,
            protocolVersion: protocolVersion
        )
    }

    /// `[SET, key, value]`, or `"GET key"` (split on spaces outside placeholders); each argument a template.
    private static func parseCommand(_ node: ConfigNode) throws(ConfigError) -> [Template] {
        let arguments: [Template]
        if case .scalar(let text, let isQuoted) = node.value {
            // Each word is parsed as a node of its own, at the line's place, so the loader checks its variables.
            arguments = try RedisCommandWords.split(text).map { word throws(ConfigError) in
                try ConfigNode(.scalar(word, isQuoted: isQuoted), location: node.location, path: node.path).template()
            }
        } else {
            arguments = try node.sequence().map { argument throws(ConfigError) in try argument.template() }
        }
        guard let name = arguments.first, !name.description.isEmpty else {
            throw node.error("a command needs at least its name, e.g. [PING] or [GET, key]")
        }
        return arguments
    }
}
