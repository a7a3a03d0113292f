import BarrageCore

/// PostgreSQL through libpq's non-blocking API on the worker's loop: the `postgres` (and `postgresql`)
/// protocol.
public struct PostgresClientFactory: ClientFactory {
    /// Makes the factory; register it in a `ClientRegistry`.
    public init() {}

    public var protocolNames: [String] { ["postgres", "postgresql"] }
    public var summary: String {
        "PostgreSQL via libpq: queries with params, prepared statements, transactions, pipelined batches, expect"
    }
    public var provider: String { "BarragePostgres \(BarrageVersion.current)" }

    public func parseStep(protocolName: String, _ node: ConfigNode) throws(ConfigError) -> any StepDefinition {
        try PostgresStep.parse(node)
    }

    /// `--url postgres://user@host:port/db --send 'SQL'`: the URL is the connection string, `--send` the query.
    public func adHocStep(_ request: AdHocRequest) throws(ConfigError) -> any StepDefinition {
        guard let send = request.send, !send.isEmpty else {
            throw ConfigError(location: .commandLine, path: "--send", message: "give the SQL to run with --send")
        }
        func scalar(_ text: String, _ path: String) -> ConfigNode {
            ConfigNode(.scalar(text, isQuoted: true), location: .commandLine, path: path)
        }
        var entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = [
            ("dsn", .commandLine, scalar(request.url, "--url")),
            ("query", .commandLine, scalar(send, "--send")),
        ]
        if let timeout = request.timeout {
            entries.append(("timeout", .commandLine, scalar("\(Double(timeout) / 1e9)s", "--timeout")))
        }
        return try parseStep(
            protocolName: request.protocolName,
            ConfigNode(.mapping(entries), location: .commandLine, path: "")
        )
    }

    /// One `PostgresMonitor` per distinct connection settings of the plan's steps that say `monitor: true`.
    public func monitors(for plan: Plan) -> [any Monitor] {
        var monitored: [ConnectionSettings] = []
        for scenario in plan.scenarios {
            for step in scenario.flow {
                guard let postgres = step.definition as? PostgresStep, postgres.monitor else { continue }
                if !monitored.contains(postgres.connection) { monitored.append(postgres.connection) }
            }
        }
        return monitored.map { PostgresMonitor(settings: $0) }
    }

    public func makeClient(context: ClientContext) -> any Client {
        PostgresClient(worker: context.worker, scenario: context.scenario)
    }
}
