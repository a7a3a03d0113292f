import BarrageConfig
import BarrageCore
import BarrageHTTP
import BarrageMetrics
import BarragePostgres
import BarrageTarget
import BarrageWebSocket
import Foundation
import Testing

extension PostgresTests {
    /// examples/mixed-journey.yaml end to end against real servers: the embedded target (HTTP and WebSocket)
    /// and the test cluster. A token crosses from HTTP into the WebSocket handshake, an item id from HTTP into
    /// PostgreSQL and WebSocket, and the id the WebSocket event carried finds the row in PostgreSQL.
    @Suite struct MixedJourney {
        static let registry = ClientRegistry([HTTPClientFactory(), WebSocketClientFactory(), PostgresClientFactory()])

        @Test func theJourneyCrossesHTTPWebSocketAndPostgreSQL() async throws {
            let cluster = try PostgresCluster.get()
            let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../examples").standardized
            try cluster.sql(
                "DROP TABLE IF EXISTS journey_orders;"
                    + (try String(
                        contentsOf: examples.appendingPathComponent("data/mixed-journey.sql"),
                        encoding: .utf8
                    ))
                    + "ALTER TABLE journey_orders OWNER TO bench;"
            )
            let server = try await TargetServer.start(TargetConfiguration.ephemeral(threads: 1, tickRate: 0))
            let environment = [
                "BARRAGE_HTTP_PORT": String(server.ports.http), "BARRAGE_WS_PORT": String(server.ports.ws),
                "PGPORT": String(cluster.port), "PGUSER": "bench", "PGDATABASE": "bench",
                "PGPASSWORD": cluster.password,
            ]
            for (key, value) in environment { setenv(key, value, 1) }
            defer { for key in environment.keys { unsetenv(key) } }
            let plan = try PlanLoader(registry: Self.registry).load(
                path: examples.appendingPathComponent("mixed-journey.yaml").path,
                overrides: LoadOverrides(duration: 3_000_000_000)
            )
            let run = LoadRun(plan: plan, registry: Self.registry, options: RunOptions(workers: 2))
            let result = await run.run(environment: RunEnvironmentProbe.current(commandLine: ["test"], workers: 2))
            let created = server.statistics.snapshot().requests["/items"] ?? 0
            try await server.stop()

            let rows = result.scenarios[0].steps
            #expect(
                rows.map(\.name) == [
                    "log in", "subscribe", "checkout", "create item", "record order", "announce", "order stored",
                    "read item",
                ]
            )
            #expect(rows.allSatisfy { $0.failures == 0 }, "\(rows.map { ($0.name, $0.errors) })")
            let checkouts = rows[2].count
            #expect(checkouts > 10)
            #expect(rows[3...].allSatisfy { $0.count == checkouts })
            #expect(UInt64(created) >= checkouts)
            #expect(try cluster.sql("SELECT count(*) FROM journey_orders") == String(checkouts))
            #expect(try cluster.sql("SELECT count(DISTINCT owner) FROM journey_orders") == "5")
            #expect(plan.secrets.redact("secret") == "***")
        }
    }
}
