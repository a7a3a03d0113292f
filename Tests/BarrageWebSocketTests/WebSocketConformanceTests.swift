import BarrageCore
import BarrageTarget
import BarrageTesting
import BarrageWebSocket
import Testing

/// The WebSocket client runs the conformance checks every client runs. Serialized: they count file descriptors.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct WebSocketConformanceTests {
    @Test func theWebSocketClientConforms() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let silent = SilentServer()
        let resetting = ResettingServer()
        defer {
            silent.stop()
            resetting.stop()
        }
        let echo = "ws://127.0.0.1:\(target.ports.ws)/echo"
        let steps = ClientConformance.Steps(
            working: try WebSocketRunHarness.step("{connect: '\(echo)', on_open: hello, expect: hello}"),
            refused: try WebSocketRunHarness.step("{connect: 'ws://127.0.0.1:\(ConformanceServers.closedPort())/'}"),
            hanging: try WebSocketRunHarness.step("{connect: 'ws://127.0.0.1:\(silent.port)/', timeout: 300ms}"),
            reset: try WebSocketRunHarness.step("{connect: 'ws://127.0.0.1:\(resetting.port)/', timeout: 2s}")
        )
        let report = await ClientConformance(factory: WebSocketClientFactory(), protocolName: "ws", steps: steps)
            .verify()
        try await target.stop()
        #expect(report.conforms, "\(report)")
    }
}
