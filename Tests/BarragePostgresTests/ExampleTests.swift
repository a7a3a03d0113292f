import BarrageConfig
import BarrageCore
import BarrageMetrics
import Foundation
import Testing

extension PostgresTests {
    @Suite struct Examples {
        @Test func theTPCBExampleRunsPgbenchsTransactionAgainstAnInitializedDatabase() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.pgbenchInitialize(scale: 1)
            setenv("PGPORT", String(cluster.port), 1)
            setenv("PGPASSWORD", cluster.password, 1)
            defer {
                unsetenv("PGPORT")
                unsetenv("PGPASSWORD")
            }
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../examples/postgres-tpcb.yaml").standardized.path
            let plan = try PostgresRunHarness.loader.load(path: path, overrides: LoadOverrides(duration: 2_000_000_000))
            let result = await PostgresRunHarness.run(plan)
            let steps = result.scenarios.flatMap(\.steps)
            let committed = steps.reduce(0) { $0 + $1.successes }
            #expect(steps.count == 1)
            #expect(steps.allSatisfy { $0.failures == 0 }, "\(steps.map(\.errors))")
            #expect(committed > 100)
            #expect(try cluster.sql("SELECT count(*) FROM pgbench_history") == String(committed))
            #expect(
                try cluster.sql(
                    "SELECT (SELECT sum(bbalance) FROM pgbench_branches) = (SELECT sum(delta) FROM pgbench_history)"
                ) == "t"
            )
        }

        @Test func thePoolExampleServesSixtyFourUsersWithEightConnectionsAndMonitorsTheServer() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.pgbenchInitialize(scale: 1)
            setenv("PGPORT", String(cluster.port), 1)
            setenv("PGPASSWORD", cluster.password, 1)
            defer {
                unsetenv("PGPORT")
                unsetenv("PGPASSWORD")
            }
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../examples/postgres-pool.yaml").standardized.path
            let plan = try PostgresRunHarness.loader.load(path: path, overrides: LoadOverrides(duration: 3_000_000_000))
            let result = await PostgresRunHarness.run(plan, workers: 2)
            let steps = result.scenarios.flatMap(\.steps)
            #expect(steps.allSatisfy { $0.failures == 0 }, "\(steps.map(\.errors))")
            #expect(steps.allSatisfy { $0.successes > 50 })
            // Both steps share the scenario's one pool: 8 connections made in all.
            #expect(steps.reduce(0) { $0 + $1.phases[0].histogram.count } == 8)
            let connections = try #require(result.monitors?.first { $0.name == "connections" })
            let sessions = connections.points.map { $0.values.values.reduce(0, +) - $0.values["waiting_on_lock"]! }
            #expect(sessions.max()! >= 8, "\(connections.points)")
        }
    }
}
