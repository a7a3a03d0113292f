import BarrageCore
import BarrageMetrics
import Foundation
import Testing

extension PostgresTests {
    @Suite struct Pipelines {
        @Test func everyPipelinedQueryRunsOnceWithOneSyncPerBatch() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                "DROP SEQUENCE IF EXISTS pipe_seq, pipe_prepared; CREATE SEQUENCE pipe_seq; CREATE SEQUENCE pipe_prepared;"
                    + "ALTER SEQUENCE pipe_seq OWNER TO bench; ALTER SEQUENCE pipe_prepared OWNER TO bench;"
            )
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  batches:
                    load: {model: per-user-iterations, users: 2, iterations: 25}
                    flow:
                      - name: plain
                        postgres: {dsn: "\(cluster.dsn)", pipeline: {query: "SELECT nextval('pipe_seq')", count: 16}}
                      - name: prepared
                        postgres:
                          dsn: "\(cluster.dsn)"
                          prepared: true
                          pipeline: {query: "SELECT nextval($1) AS n", params: [pipe_prepared], count: 8, expect: {rows: 1}}
                      - name: plain again
                        postgres: {dsn: "\(cluster.dsn)", query: "SELECT 1", expect: {rows: 1}}
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("plain").successes == 50)
            #expect(result.step("prepared").successes == 50)
            #expect(result.step("plain again").successes == 50)
            #expect(try cluster.sql("SELECT last_value FROM pipe_seq") == "800")
            #expect(try cluster.sql("SELECT last_value FROM pipe_prepared") == "400")
        }

        @Test func aFailingQueryAbortsTheRestOfItsBatchAndIsReportedByItsOwnKind() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                "DROP SEQUENCE IF EXISTS pipe_before, pipe_after; CREATE SEQUENCE pipe_before; CREATE SEQUENCE pipe_after;"
                    + "ALTER SEQUENCE pipe_before OWNER TO bench; ALTER SEQUENCE pipe_after OWNER TO bench;"
            )
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  aborts:
                    load: {model: per-user-iterations, users: 1, iterations: 4}
                    flow:
                      - name: batch
                        postgres:
                          dsn: "\(cluster.dsn)"
                          pipeline: ["SELECT nextval('pipe_before')", "SELECT 1 / 0", "SELECT nextval('pipe_after')"]
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("batch").errors == ["data_exception": 4])
            // Sequences ignore the batch's implicit transaction: the query before the failure ran 4 times, and
            // the one after it was skipped (PGRES_PIPELINE_ABORTED) every time.
            #expect(try cluster.sql("SELECT last_value FROM pipe_before") == "4")
            #expect(try cluster.sql("SELECT is_called FROM pipe_after") == "f")
            // The connection stayed usable: one connection for the four batches.
            #expect(result.step("batch").phases[0].histogram.count == 1)
        }
    }
}
