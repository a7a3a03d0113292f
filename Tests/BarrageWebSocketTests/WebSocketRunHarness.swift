import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageTarget
import BarrageWebSocket

/// Runs plans with the WebSocket client against the embedded target on loopback.
enum WebSocketRunHarness {
    static let registry = ClientRegistry([WebSocketClientFactory()])

    /// Starts an embedded target on free loopback ports; stop it with `stop()`.
    static func startTarget(faults: FaultSet = FaultSet(), tickRate: Double = 10) async throws -> TargetServer {
        try await TargetServer.start(TargetConfiguration.ephemeral(threads: 1, tickRate: tickRate, faults: faults))
    }

    /// Parses a scenario written in YAML.
    static func plan(_ yaml: String) throws -> Plan {
        try PlanLoader(registry: registry).plan(from: try YAMLSource.parse(yaml, file: "test.yaml"), fallbackName: "t")
    }

    /// Parses `users` × `iterations` of `flow` (YAML list items, each indented by 6 spaces).
    static func plan(users: Int = 1, iterations: Int = 1, flow: String) throws -> Plan {
        try plan(
            """
            scenarios:
              s:
                load: {model: per-user-iterations, users: \(users), iterations: \(iterations)}
                flow:
            \(flow)
            """
        )
    }

    /// Runs `plan` to its end and returns the result.
    static func run(_ plan: Plan, workers: Int = 2) async -> RunResult {
        let run = LoadRun(plan: plan, registry: registry, options: RunOptions(workers: workers))
        return await run.run(environment: RunEnvironmentProbe.current(commandLine: ["test"], workers: workers))
    }

    /// Parses one `ws:` step.
    static func step(_ yaml: String) throws -> any StepDefinition {
        try WebSocketClientFactory().parseStep(protocolName: "ws", try YAMLSource.parse(yaml, file: "step.yaml"))
    }
}

extension RunResult {
    /// The first scenario's steps.
    var steps: [StepResult] { scenarios[0].steps }
}
