import BarrageCore
import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ClosedModelTests {
    @Test func constantUsersHoldExactlyTheConfiguredConnectionsAtTheServer() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              echo:
                load: {model: constant-users, users: 20, duration: 2s}
                flow:
                  - name: ping
                    tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line, expect: {equals: ping}}
            """
        )
        let sampler = Task {
            var peak = 0
            while !Task.isCancelled {
                peak = max(peak, server.statistics.openConnections(.tcp))
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
            return peak
        }
        let result = await SocketRunHarness.run(plan)
        sampler.cancel()
        let peak = await sampler.value
        let accepted = server.statistics.snapshot().listeners["tcp"]?.acceptedConnections
        try await server.stop()

        #expect(peak == 20)
        #expect(accepted == 20)
        #expect(result.firstStep.failures == 0)
        #expect(result.firstStep.count > 1000)
        #expect(result.scenarios[0].peakVUs == 20)
        #expect(result.status == .completed)
    }

    @Test func perUserIterationsPerformsExactlyUsersTimesIterations() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              echo:
                load: {model: per-user-iterations, users: 10, iterations: 100}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "x\\n", read: line}
            """
        )
        let result = await SocketRunHarness.run(plan)
        let lines = server.statistics.snapshot().listeners["tcp"]?.messages
        try await server.stop()

        #expect(result.firstStep.count == 1000)
        #expect(result.firstStep.successes == 1000)
        #expect(result.scenarios[0].iterations == 1000)
        #expect(lines == 1000)
    }

    @Test func perIterationConnectionsConnectOncePerIteration() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              echo:
                load: {model: per-user-iterations, users: 4, iterations: 25}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "x\\n", read: line, connection: per_iteration}
            """
        )
        let result = await SocketRunHarness.run(plan)
        let accepted = server.statistics.snapshot().listeners["tcp"]?.acceptedConnections
        try await server.stop()

        #expect(result.firstStep.count == 100)
        #expect(accepted == 100)
        #expect(result.firstStep.phases.first?.name == "connect")
        #expect(result.firstStep.phases.first?.histogram.count == 100)
    }

    @Test func thinkTimeSpacesIterations() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              paced:
                load: {model: constant-users, users: 2, duration: 2s}
                think_time: 100ms
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "x\\n", read: line}
            """
        )
        let result = await SocketRunHarness.run(plan)
        try await server.stop()
        // Two users, each about one iteration per 100 ms for 2 s: about 40, never hundreds.
        #expect(result.firstStep.count >= 30 && result.firstStep.count <= 44)
    }

    @Test func rampingUsersFollowTheirStages() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              ramp:
                load: {model: ramping-users, stages: [{duration: 1s, target: 10}, {duration: 1s, target: 10}, {duration: 1s, target: 0}]}
                think_time: 10ms
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "x\\n", read: line}
            """
        )
        let result = await SocketRunHarness.run(plan)
        try await server.stop()
        let series = result.scenarios[0].series
        #expect(result.scenarios[0].peakVUs == 10)
        // The middle second runs all ten users; the last has them leaving.
        #expect(series.count >= 3)
        #expect(series.map(\.activeVUs).max() == 10)
        #expect(result.firstStep.failures == 0)
    }
}
