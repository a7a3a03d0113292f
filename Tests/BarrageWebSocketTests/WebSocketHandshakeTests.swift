import BarrageMetrics
import BarrageTarget
import BarrageTesting
import Testing

/// Connections that do not open: refused, rejected handshakes, TLS against a plain server, a silent server.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebSocketHandshakeTests {
    @Test func aPathTheServerDoesNotUpgradeIsHandshakeFailedWithItsHTTPStatus() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let plan = try WebSocketRunHarness.plan(
            iterations: 3,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/nowhere"}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        try await target.stop()
        #expect(result.steps[0].errors == ["handshake_failed": 3])
        #expect(result.steps[0].statuses == ["404": 3])
    }

    @Test func aClosedPortIsConnectRefused() async throws {
        let plan = try WebSocketRunHarness.plan(
            iterations: 2,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(ConformanceServers.closedPort())/echo"}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        #expect(result.steps[0].errors == ["connect_refused": 2])
    }

    @Test func wssAgainstAPlainServerIsTLS() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let plan = try WebSocketRunHarness.plan(
            iterations: 2,
            flow: """
                      - ws: {connect: "wss://127.0.0.1:\(target.ports.ws)/echo", tls: {insecure: true}, timeout: 3s}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        try await target.stop()
        #expect(result.steps[0].errors == ["tls": 2])
    }

    @Test func aServerThatNeverAnswersTheHandshakeTimesOut() async throws {
        let silent = SilentServer()
        defer { silent.stop() }
        let plan = try WebSocketRunHarness.plan(
            iterations: 2,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(silent.port)/echo", timeout: 200ms}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        #expect(result.steps[0].errors == ["timeout": 2])
    }
}
