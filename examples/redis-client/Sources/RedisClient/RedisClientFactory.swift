import BarrageCore

/// The `redis` protocol: RESP2/RESP3 commands and pipelines on kept connections, with AUTH and SELECT on
/// connect. Register it next to the built-in factories:
/// `await BarrageCLI.main(registry: ClientRegistry([SocketClientFactory(), RedisClientFactory()]))`.
public struct RedisClientFactory: ClientFactory {
    /// Makes the factory.
    public init() {}

    public var protocolNames: [String] { ["redis"] }
    public var summary: String {
        "Redis (RESP2/RESP3): commands with templated arguments, pipelines, AUTH/SELECT on connect, expect, extract"
    }
    public var provider: String { "RedisClient example \(BarrageVersion.current)" }

    public func parseStep(protocolName: String, _ node: ConfigNode) throws(ConfigError) -> any StepDefinition {
        try RedisStep.parse(node)
    }

    /// `barrage-redis run --url redis://host:port --send "GET key"` (default command: PING).
    public func adHocStep(_ request: AdHocRequest) throws(ConfigError) -> any StepDefinition {
        let prefix = "redis://"
        guard request.url.hasPrefix(prefix) else {
            throw ConfigError(location: .commandLine, path: "--url", message: "expected redis://host:port")
        }
        var address = String(request.url.dropFirst(prefix.count))
        while address.hasSuffix("/") { address.removeLast() }
        func scalar(_ text: String, _ path: String) -> ConfigNode {
            ConfigNode(.scalar(text, isQuoted: true), location: .commandLine, path: path)
        }
        var entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = [
            ("address", .commandLine, scalar(address, "--url")),
            ("command", .commandLine, scalar(request.send ?? "PING", "--send")),
        ]
        if let timeout = request.timeout {
            entries.append(("timeout", .commandLine, scalar("\(Double(timeout) / 1e9)s", "--timeout")))
        }
        return try RedisStep.parse(ConfigNode(.mapping(entries), location: .commandLine, path: ""))
    }

    public func makeClient(context: ClientContext) -> any Client {
        RedisClient(worker: context.worker)
    }
}
