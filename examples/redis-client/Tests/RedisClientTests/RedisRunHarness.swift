import BarrageConfig
import BarrageCore
import BarrageHTTP
import BarrageMetrics
import BarrageSocket
import RedisClient

/// Runs plans through the real scheduler (`LoadRun`) with the protocols `barrage-redis` registers: Socket,
/// HTTP and Redis.
enum RedisRunHarness {
    static let registry = ClientRegistry([SocketClientFactory(), HTTPClientFactory(), RedisClientFactory()])

    /// Parses a scenario written in YAML.
    static func plan(_ yaml: String, file: String = "test.yaml") throws -> Plan {
        let root = try YAMLSource.parse(yaml, file: file)
        return try PlanLoader(registry: registry).plan(from: root, fallbackName: "test")
    }

    /// Runs `steps` (YAML flow items) once per iteration, `users` × `iterations` times, and returns the result.
    static func run(users: Int = 1, iterations: Int, flow: String, workers: Int = 1) async throws -> RunResult {
        let indented = flow.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
        let plan = try plan(
            """
            scenarios:
              redis:
                load: {model: per-user-iterations, users: \(users), iterations: \(iterations)}
                flow:
            \(indented)
            """
        )
        return await run(plan, workers: workers)
    }

    /// Runs one scenario per flow at the same time (`s0`, `s1`, …), each `users` × `iterations` times.
    /// A failed step ends its iteration, so a test puts each failing step last in a flow of its own.
    static func run(users: Int = 1, iterations: Int, flows: [String], workers: Int = 1) async throws -> RunResult {
        var yaml = "scenarios:\n"
        for (index, flow) in flows.enumerated() {
            let indented = flow.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
            yaml += """
                  s\(index):
                    load: {model: per-user-iterations, users: \(users), iterations: \(iterations)}
                    flow:
                \(indented)

                """
        }
        return await run(try plan(yaml), workers: workers)
    }

    /// Runs `plan` to its end.
    static func run(_ plan: Plan, workers: Int = 1) async -> RunResult {
        let run = LoadRun(plan: plan, registry: registry, options: RunOptions(workers: workers))
        return await run.run(environment: RunEnvironmentProbe.current(commandLine: ["test"], workers: workers))
    }
}

extension RunResult {
    /// The first scenario's step at `index`.
    func step(_ index: Int) -> StepResult { scenarios[0].steps[index] }

    /// Scenario `scenario`'s step at `index`.
    func step(_ scenario: Int, _ index: Int) -> StepResult { scenarios[scenario].steps[index] }
}
