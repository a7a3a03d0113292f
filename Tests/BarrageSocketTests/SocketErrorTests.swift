import BarrageCore
import BarrageMetrics
import BarrageSocket
import BarrageTarget
import BarrageTesting
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct SocketErrorTests {
    @Test func anUnreachablePortIsCountedAsConnectRefusedAndTheRunCompletes() async throws {
        let port = ConformanceServers.closedPort()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              nobody:
                load: {model: constant-users, users: 2, duration: 1s}
                think_time: 10ms
                flow:
                  - tcp: {address: "127.0.0.1:\(port)", send: "x\\n"}
            """
        )
        let result = await SocketRunHarness.run(plan)
        #expect(result.status == .completed)
        #expect(result.firstStep.count > 10)
        #expect(result.firstStep.successes == 0)
        #expect(result.firstStep.errors == ["connect_refused": result.firstStep.count])
    }

    @Test func aReplyThatFailsItsCheckIsCheckFailedAndKeepsTheConnection() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              wrong:
                load: {model: per-user-iterations, users: 1, iterations: 5}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line, expect: {contains: pong}}
            """
        )
        let result = await SocketRunHarness.run(plan)
        let accepted = server.statistics.snapshot().listeners["tcp"]?.acceptedConnections
        try await server.stop()
        #expect(result.firstStep.errors == ["check_failed": 5])
        #expect(accepted == 1)
        #expect(result.firstStep.bytesReceived == 25)
    }

    @Test func aRegexCheckMatchesTheReply() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              regex:
                load: {model: per-user-iterations, users: 1, iterations: 3}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "order 42\\n", read: line, expect: {regex: "^order [0-9]+$"}}
            """
        )
        let result = await SocketRunHarness.run(plan)
        try await server.stop()
        #expect(result.firstStep.successes == 3)
    }

    @Test func aStalledTargetTimesOutAndTheUserGoesOn() async throws {
        var faults = FaultSet()
        faults.tcp.stall = StallFault(durationMs: 3_000, periodMs: 3_600_000)
        let server = try await SocketRunHarness.startTarget(faults: faults)
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              slow:
                load: {model: per-user-iterations, users: 2, iterations: 3}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "x\\n", read: line, timeout: 200ms}
            """
        )
        let started = Date()
        let result = await SocketRunHarness.run(plan)
        try await server.stop()
        #expect(result.firstStep.errors == ["timeout": 6])
        #expect(result.firstStep.latency.p50 >= 190 && result.firstStep.latency.p50 < 400)
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    @Test func resetConnectionsAreCountedAsResetsOrPeerCloses() async throws {
        var faults = FaultSet()
        faults.tcp.reset = ChanceFault(probability: 1)
        let server = try await SocketRunHarness.startTarget(faults: faults)
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              resets:
                load: {model: per-user-iterations, users: 2, iterations: 10}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "x\\n", read: line, timeout: 2s}
            """
        )
        let result = await SocketRunHarness.run(plan)
        try await server.stop()
        #expect(result.firstStep.count == 20)
        #expect(result.firstStep.successes == 0)
        let kinds = Set(result.firstStep.errors.keys)
        #expect(kinds.isSubset(of: ["connection_reset", "closed_by_peer"]) && !kinds.isEmpty, "\(kinds)")
    }

    @Test func aDatagramWithoutReplyIsCountedAsLost() async throws {
        let silent = SilentServer(.udp)
        defer { silent.stop() }
        let port = silent.port
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              silent:
                load: {model: per-user-iterations, users: 2, iterations: 2}
                flow:
                  - udp: {address: "127.0.0.1:\(port)", send: hello, timeout: 100ms}
            """
        )
        let result = await SocketRunHarness.run(plan)
        #expect(result.firstStep.errors == ["datagram_lost": 4])
    }

    @Test func aDatagramToAClosedPortIsRefused() async throws {
        let port = ConformanceServers.closedPort()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              closed:
                load: {model: per-user-iterations, users: 1, iterations: 3}
                flow:
                  - udp: {address: "127.0.0.1:\(port)", send: hello, timeout: 500ms}
            """
        )
        let result = await SocketRunHarness.run(plan)
        #expect(result.firstStep.count == 3)
        #expect(result.firstStep.errors["connect_refused", default: 0] >= 2, "\(result.firstStep.errors)")
    }

    @Test func aStopRequestEndsTheRunGracefullyAndKeepsWhatWasMeasured() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              long:
                load: {model: constant-users, users: 5, duration: 60s}
                graceful_stop: 1s
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "x\\n", read: line}
            """
        )
        let run = LoadRun(plan: plan, registry: SocketRunHarness.registry, options: RunOptions(workers: 2))
        Task {
            try? await Task.sleep(nanoseconds: 1_200_000_000)
            run.requestStop()
        }
        let started = Date()
        let result = await run.run(environment: SocketRunHarness.environment(workers: 2))
        try await server.stop()
        #expect(Date().timeIntervalSince(started) < 4)
        #expect(result.status == .interrupted)
        #expect(result.firstStep.count > 100)
        #expect(result.firstStep.failures == 0)
    }
}
