import BarrageCore

/// Raw TCP and UDP clients on non-blocking sockets: the `tcp` and `udp` protocols.
public struct SocketClientFactory: ClientFactory {
    /// Makes the factory; register it in a `ClientRegistry`.
    public init() {}

    public var protocolNames: [String] { ["tcp", "udp"] }
    public var summary: String {
        "raw TCP (connect, send, read until delimiter/length/close, expect) and UDP datagrams"
    }
    public var provider: String { "BarrageSocket \(BarrageVersion.current)" }

    public func parseStep(protocolName: String, _ node: ConfigNode) throws(ConfigError) -> any StepDefinition {
        protocolName == "udp" ? try UDPStep.parse(node) : try TCPStep.parse(node)
    }

    public func adHocStep(_ request: AdHocRequest) throws(ConfigError) -> any StepDefinition {
        let prefix = "\(request.protocolName)://"
        guard request.url.hasPrefix(prefix) else {
            throw ConfigError(location: .commandLine, path: "--url", message: "expected \(prefix)host:port")
        }
        let hostPort = String(request.url.dropFirst(prefix.count)).trimmingSuffix("/")
        var entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = [
            (
                "address", .commandLine,
                ConfigNode(.scalar(hostPort, isQuoted: true), location: .commandLine, path: "--url")
            )
        ]
        if let send = request.send {
            entries.append(
                (
                    "send", .commandLine,
                    ConfigNode(.scalar(send, isQuoted: true), location: .commandLine, path: "--send")
                )
            )
        }
        if let timeout = request.timeout {
            entries.append(
                (
                    "timeout", .commandLine,
                    ConfigNode(
                        .scalar("\(Double(timeout) / 1e9)s", isQuoted: true),
                        location: .commandLine,
                        path: "--timeout"
                    )
                )
            )
        }
        let node = ConfigNode(.mapping(entries), location: .commandLine, path: "")
        return try parseStep(protocolName: request.protocolName, node)
    }

    public func makeClient(context: ClientContext) -> any Client {
        context.protocolName == "udp" ? UDPClient(worker: context.worker) : TCPClient(worker: context.worker)
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
