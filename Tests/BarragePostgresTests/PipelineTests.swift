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

        @Test func perStatementPhasesHoldEachStatementsResultTimeAndSkipAbortedOnes() async throws {
            let cluster = try PostgresCluster.get()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  timed:
                    load: {model: per-user-iterations, users: 1, iterations: 3}
                    flow:
                      - name: timed
                        postgres:
                          dsn: "\(cluster.dsn)"
                          per_statement: true
                          pipeline: ["SELECT 1", "SELECT pg_sleep(0.05)", {query: "SELECT $1::int", params: [3]}]
                      - name: failing
                        postgres:
                          dsn: "\(cluster.dsn)"
                          pool: 1
                          per_statement: true
                          pipeline: ["SELECT 1", "SELECT 1 / 0", "SELECT 2"]
                """
            )
            let result = await PostgresRunHarness.run(plan)
            let timed = result.step("timed")
            #expect(timed.successes == 3)
            #expect(timed.phases.map(\.name) == ["connect", "statement_1", "statement_2", "statement_3"])
            for phase in timed.phases.dropFirst() { #expect(phase.histogram.count == 3, "\(phase.name)") }
            // The sleeping statement's result, and the one after it, come at least 50 ms after the batch left.
            #expect(timed.phases[2].histogram.min >= 50_000)
            #expect(timed.phases[3].histogram.min >= 50_000)
            // Every statement's result comes before the batch's end.
            #expect(timed.phases[3].histogram.max <= timed.histogram.max)

            // Each of the three batches fails; the statement the failure made the server skip has no time.
            let failing = result.step("failing")
            #expect(failing.errors == ["data_exception": 3])
            #expect(
                failing.phases.map(\.name) == ["connect", "pool_wait", "statement_1", "statement_2", "statement_3"]
            )
            #expect(failing.phases[2].histogram.count == 3)
            #expect(failing.phases[3].histogram.count == 3)
            #expect(failing.phases[4].histogram.count == 0)
        }

        @Test func perStatementIsRefusedOutsidePipelinesAndBeyondTheFreePhaseSlots() throws {
            func loadError(_ step: String) -> String? {
                do {
                    _ = try PostgresRunHarness.plan(
                        """
                        scenarios:
                          s:
                            load: {model: per-user-iterations, users: 1, iterations: 1}
                            flow: [{postgres: {dsn: "host=127.0.0.1", per_statement: true, \(step)}}]
                        """
                    )
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            #expect(loadError(#"query: "SELECT 1""#)?.contains("per_statement applies to a pipeline step") == true)
            #expect(loadError(#"pipeline: {query: "SELECT 1", count: 5}"#) == nil)
            #expect(loadError(#"pipeline: {query: "SELECT 1", count: 6}"#)?.contains("at most 5 statements") == true)
            #expect(
                loadError(#"pool: 2, pipeline: {query: "SELECT 1", count: 5}"#)?.contains("at most 4 statements")
                    == true
            )
        }
    }
}
