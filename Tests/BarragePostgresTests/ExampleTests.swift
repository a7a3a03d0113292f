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
            #expect(steps.count == 4)
            #expect(steps.allSatisfy { $0.failures == 0 }, "\(steps.map(\.errors))")
            #expect(committed > 100)
            #expect(try cluster.sql("SELECT count(*) FROM pgbench_history") == String(committed))
            #expect(
                try cluster.sql(
                    "SELECT (SELECT sum(bbalance) FROM pgbench_branches) = (SELECT sum(delta) FROM pgbench_history)"
                ) == "t"
            )
        }
    }
}
