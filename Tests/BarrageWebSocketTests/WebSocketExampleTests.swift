import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// examples/websocket-chat.yaml, run as a user would against the embedded target (shortened to 3 s): the
/// chatters, the room and the idle subscribers all succeed.
struct WebSocketExampleTests {
    @Test func theChatExampleRunsCleanAgainstTheEmbeddedTarget() async throws {
        let server = try await WebSocketRunHarness.startTarget(tickRate: 10)
        setenv("BARRAGE_WS_PORT", String(server.ports.ws), 1)
        defer { unsetenv("BARRAGE_WS_PORT") }
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/websocket-chat.yaml").standardized.path
        let plan = try PlanLoader(registry: WebSocketRunHarness.registry).load(
            path: path,
            overrides: LoadOverrides(duration: 3_000_000_000)
        )
        let result = await WebSocketRunHarness.run(plan)
        try await server.stop()
        let rows = result.allSteps.map(\.step)
        #expect(rows.count == 9)
        #expect(rows.allSatisfy { $0.count > 0 }, "\(rows.map { ($0.name, $0.count) })")
        #expect(rows.allSatisfy { $0.failures == 0 }, "\(rows.map { ($0.name, $0.errors) })")
    }
}
