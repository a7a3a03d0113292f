import BarrageCore
import BarrageMetrics
import Foundation
import Testing

extension PostgresTests {
    @Suite struct Queries {
        @Test func simpleAndPreparedQueriesWithParametersPassTheirChecks() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                """
                DROP TABLE IF EXISTS items; CREATE TABLE items (id int PRIMARY KEY, name text, note text);
                INSERT INTO items SELECT i, 'item' || i, NULL FROM generate_series(1, 100) i;
                ALTER TABLE items OWNER TO bench;
                """
            )
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  reads:
                    load: {model: per-user-iterations, users: 2, iterations: 50}
                    flow:
                      - name: simple
                        postgres:
                          dsn: "\(cluster.dsn)"
                          query: "SELECT name, note FROM items WHERE id = $1"
                          params: ["7"]
                          expect: {rows: 1, column: {name: {equals: item7}, note: {null: true}}}
                      - name: prepared
                        postgres:
                          dsn: "\(cluster.dsn)"
                          query: "SELECT name FROM items WHERE id = $1 AND name = $2"
                          params: [42, "item42"]
                          prepared: true
                          expect: {rows: 1, column: {name: {equals: item42}}}
                      - name: statements
                        postgres:
                          dsn: "\(cluster.dsn)"
                          query: "SELECT count(*) AS n FROM pg_prepared_statements"
                          expect: {column: {n: {equals: "1"}}}
                      - name: update
                        postgres:
                          dsn: "\(cluster.dsn)"
                          query: "UPDATE items SET note = NULL WHERE id <= $1"
                          params: ["3"]
                          expect: {rows: 3}
                """
            )
            let result = await PostgresRunHarness.run(plan)
            for name in ["simple", "prepared", "statements", "update"] {
                #expect(result.step(name).successes == 100, "\(name): \(result.step(name).errors)")
            }
            // One connection per VU, kept across iterations and steps.
            #expect(result.step("simple").phases[0].histogram.count == 2)
        }

        @Test func resultsThatDifferFromTheExpectationAreCheckFailed() async throws {
            let cluster = try PostgresCluster.get()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  rows: {load: {model: per-user-iterations, users: 1, iterations: 3}, flow: [{name: rows, postgres: {dsn: "\(cluster.dsn)", query: "SELECT 1", expect: {rows: 2}}}]}
                  value: {load: {model: per-user-iterations, users: 1, iterations: 3}, flow: [{name: value, postgres: {dsn: "\(cluster.dsn)", query: "SELECT 'a' AS x", expect: {column: {x: {equals: b}}}}}]}
                  missing: {load: {model: per-user-iterations, users: 1, iterations: 3}, flow: [{name: missing, postgres: {dsn: "\(cluster.dsn)", query: "SELECT 1 AS x", expect: {column: {y: {equals: "1"}}}}}]}
                  state: {load: {model: per-user-iterations, users: 1, iterations: 3}, flow: [{name: state, postgres: {dsn: "\(cluster.dsn)", query: "SELECT 1", expect: {sqlstate: "23505"}}}]}
                """
            )
            let result = await PostgresRunHarness.run(plan)
            for name in ["rows", "value", "missing", "state"] {
                #expect(result.step(name).errors == ["check_failed": 3], "\(name)")
            }
        }

        @Test func serverErrorsAreCountedByTheirSQLStateAndAnExpectedOnePasses() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                "DROP TABLE IF EXISTS uniq; CREATE TABLE uniq (id int PRIMARY KEY); INSERT INTO uniq VALUES (1);"
                    + "ALTER TABLE uniq OWNER TO bench;"
            )
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  errors:
                    load: {model: per-user-iterations, users: 1, iterations: 2}
                    flow:
                      - {name: expected, postgres: {dsn: "\(cluster.dsn)", query: "INSERT INTO uniq VALUES (1)", expect: {sqlstate: "23505"}}}
                      - {name: syntax, postgres: {dsn: "\(cluster.dsn)", query: "SELEC 1", expect: {sqlstate: "42601"}}}
                      - {name: duplicate, postgres: {dsn: "\(cluster.dsn)", query: "INSERT INTO uniq VALUES ($1)", params: ["1"]}}
                  undefined:
                    load: {model: per-user-iterations, users: 1, iterations: 2}
                    flow: [{name: undefined, postgres: {dsn: "\(cluster.dsn)", query: "SELECT * FROM no_such_table"}}]
                  division:
                    load: {model: per-user-iterations, users: 1, iterations: 2}
                    flow: [{name: division, postgres: {dsn: "\(cluster.dsn)", query: "SELECT 1 / 0", prepared: true}}]
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("expected").successes == 2)
            #expect(result.step("syntax").successes == 2)
            #expect(result.step("duplicate").errors == ["unique_violation": 2])
            #expect(result.step("undefined").errors == ["undefined_object": 2])
            #expect(result.step("division").errors == ["data_exception": 2])
        }

        @Test func aLargeParameterIsWrittenThroughTheWritableWaitPath() async throws {
            let cluster = try PostgresCluster.get()
            // 16 MiB is more than a loopback socket buffer takes at once: PQflush returns 1 and the client
            // waits for writability, reading the server's output meanwhile.
            let size = 16 << 20
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  big:
                    load: {model: per-user-iterations, users: 2, iterations: 2}
                    flow:
                      - name: big
                        postgres:
                          dsn: "\(cluster.dsn)"
                          query: "SELECT length($1) AS n"
                          params: ["\(String(repeating: "x", count: size))"]
                          expect: {column: {n: {equals: "\(size)"}}}
                          timeout: 30s
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("big").successes == 4, "\(result.step("big").errors)")
        }
    }
}
