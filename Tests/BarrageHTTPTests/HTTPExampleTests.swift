import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// examples/http-api.yaml, run as a user would against the embedded target (shortened to 3 s): every row
/// of both scenarios succeeds, the weighted tasks and the group all run, and the secret password is in the
/// plan's redactor. The file's `slow-network` environment (10 s timeouts) keeps a loaded test machine from
/// turning into timeouts.
struct HTTPExampleTests {
    @Test func theHTTPAPIExampleRunsCleanAgainstTheEmbeddedTarget() async throws {
        let server = try await HTTPRunHarness.startTarget()
        setenv("BARRAGE_HTTP_PORT", String(server.ports.http), 1)
        defer { unsetenv("BARRAGE_HTTP_PORT") }
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/http-api.yaml").standardized.path
        let plan = try HTTPRunHarness.loader.load(
            path: path,
            overrides: LoadOverrides(duration: 3_000_000_000),
            environment: "slow-network"
        )
        let result = await HTTPRunHarness.run(plan)
        try await server.stop()
        let rows = result.allSteps.map(\.step)
        #expect(
            rows.map(\.name) == [
                "log in", "list items", "checkout", "log in (buyer)", "create item", "read it back", "missing item",
                "echo",
            ]
        )
        #expect(rows.allSatisfy { $0.count > 0 }, "\(rows.map { ($0.name, $0.count) })")
        #expect(rows.allSatisfy { $0.failures == 0 }, "\(rows.map { ($0.name, $0.errors) })")
        #expect(plan.secrets.redact("password=secret") == "password=***")
    }
}
