import BarrageCore
import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// Connection policies, proven by the connections the embedded target accepted.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HTTPConnectionTests {
    @Test func perVUConnectionsAreKeptAliveAcrossIterations() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let step = try await HTTPRunHarness.runStep(
            users: 20,
            iterations: 50,
            #"{url: "http://127.0.0.1:\#(server.ports.http)/", connection: per_vu}"#
        )
        let http = server.statistics.snapshot().listeners["http"]
        try await server.stop()
        #expect(step.count == 1000)
        #expect(step.successes == 1000, "\(step.errors)")
        #expect(http?.acceptedConnections == 20)
        #expect(http?.messages == 1000)
    }

    @Test func perRequestConnectionsConnectForEveryRequest() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let step = try await HTTPRunHarness.runStep(
            users: 4,
            iterations: 25,
            #"{url: "http://127.0.0.1:\#(server.ports.http)/", connection: per_request}"#
        )
        let accepted = server.statistics.snapshot().listeners["http"]?.acceptedConnections
        try await server.stop()
        #expect(step.successes == 100, "\(step.errors)")
        #expect(accepted == 100)
        let connect = try #require(step.phases.first { $0.name == "connect" })
        #expect(connect.latency.min > 0)
    }

    @Test func sharedConnectionsNeverExceedTheUsers() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let step = try await HTTPRunHarness.runStep(
            users: 10,
            iterations: 30,
            #"{url: "http://127.0.0.1:\#(server.ports.http)/", connection: shared}"#
        )
        let accepted = server.statistics.snapshot().listeners["http"]?.acceptedConnections ?? 0
        try await server.stop()
        #expect(step.successes == 300, "\(step.errors)")
        #expect(accepted >= 2 && accepted <= 10, "\(accepted) connections")
    }

    @Test func twoStepsOfOneUserShareItsConnection() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let base = "http://127.0.0.1:\(server.ports.http)"
        let plan = try HTTPRunHarness.plan(
            """
            scenarios:
              flow:
                load: {model: per-user-iterations, users: 3, iterations: 10}
                flow:
                  - http: {url: "\(base)/"}
                  - http: {url: "\(base)/echo", method: POST, body: x}
            """
        )
        let result = await HTTPRunHarness.run(plan)
        let accepted = server.statistics.snapshot().listeners["http"]?.acceptedConnections
        try await server.stop()
        #expect(result.scenarios[0].steps.map(\.successes) == [30, 30])
        #expect(accepted == 3)
    }

    @Test func aServerThatClosesAfterEachResponseGetsANewConnectionEachTime() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let step = try await HTTPRunHarness.runStep(
            users: 2,
            iterations: 10,
            #"{url: "http://127.0.0.1:\#(server.ports.http)/", headers: {Connection: close}}"#
        )
        let accepted = server.statistics.snapshot().listeners["http"]?.acceptedConnections
        try await server.stop()
        #expect(step.successes == 20, "\(step.errors)")
        #expect(accepted == 20)
    }
}
