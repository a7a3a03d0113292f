import BarrageCore
import BarrageMetrics
import BarrageTarget
import Testing

/// One load run as one process and as three segment processes (three runs in this process, each with its
/// own workers, started together with `startAtUnixMs`), against the same embedded target: the merged
/// result has exactly the single run's counts.
struct SegmentRunTests {
    @Test func threeSegmentsMergeIntoTheSingleRunsCounts() async throws {
        let server = try await SocketRunHarness.startTarget()
        let address = "127.0.0.1:\(server.ports.tcp)"
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              users:
                load: {model: per-user-iterations, users: 10, iterations: 20}
                flow:
                  - tcp: {address: "\(address)", send: "u ${vu}\\n", read: line}
              arrivals:
                load: {model: constant-rate, rate: 150/s, duration: 2s, max_in_flight: 60}
                flow:
                  - tcp: {address: "\(address)", send: "a\\n", read: line}
            """
        )
        let single = await SocketRunHarness.run(plan, workers: 2)
        let startAt = Int64(WallClock.now() / 1_000_000) + 300
        let parts = await withTaskGroup(of: RunResult.self) { group in
            for segment in 0..<3 {
                group.addTask {
                    let share = Share.segment(segment, of: 3)
                    let run = LoadRun(
                        plan: plan,
                        registry: SocketRunHarness.registry,
                        options: RunOptions(workers: 1, segment: share, startAtUnixMs: startAt)
                    )
                    return await run.run(
                        environment: RunEnvironmentProbe.current(commandLine: ["test"], workers: 1, segment: share)
                    )
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        try await server.stop()
        #expect(parts.allSatisfy { $0.startTimeUnixMs == startAt })
        let merged = try RunResult.merge(parts)
        #expect(Set(merged.environments.map(\.segment)) == ["0/3", "1/3", "2/3"])
        for (index, scenario) in single.scenarios.enumerated() {
            let mergedScenario = merged.scenarios[index]
            #expect(
                scenario.iterations + scenario.droppedIterations == mergedScenario.iterations
                    + mergedScenario.droppedIterations
            )
            #expect(mergedScenario.steps[0].histogram.count == mergedScenario.steps[0].count)
        }
        #expect(merged.scenarios[0].iterations == 200)
        #expect(single.scenarios[0].iterations == 200)
        #expect(merged.scenarios[1].iterations + merged.scenarios[1].droppedIterations == 300)
        #expect(merged.totalFailures == 0)
    }
}
