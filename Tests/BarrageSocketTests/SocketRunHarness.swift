import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageSocket
import BarrageTarget
import Foundation

/// Runs plans against a real embedded target on loopback, for the Socket client's tests.
enum SocketRunHarness {
    static let registry = ClientRegistry([SocketClientFactory()])

    /// Starts an embedded target on free loopback ports; stop it with `stop()`.
    static func startTarget(faults: FaultSet = FaultSet()) async throws -> TargetServer {
        try await TargetServer.start(TargetConfiguration.ephemeral(threads: 1, faults: faults))
    }

    /// Parses a scenario written in YAML (with the Socket protocols registered).
    static func plan(_ yaml: String) throws -> Plan {
        let root = try YAMLSource.parse(yaml, file: "test.yaml")
        return try PlanLoader(registry: registry).plan(from: root, fallbackName: "test")
    }

    /// Runs `plan` to its end and returns the result.
    static func run(_ plan: Plan, workers: Int = 2) async -> RunResult {
        let run = LoadRun(plan: plan, registry: registry, options: RunOptions(workers: workers))
        return await run.run(environment: environment(workers: workers))
    }

    static func environment(workers: Int) -> RunEnvironment {
        RunEnvironmentProbe.current(commandLine: ["test"], workers: workers)
    }

}

extension RunResult {
    /// The first scenario's first step.
    var firstStep: StepResult { scenarios[0].steps[0] }
}
