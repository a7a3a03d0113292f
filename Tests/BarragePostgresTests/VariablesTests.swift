import BarrageCore
import BarrageMetrics
import Foundation
import Testing

extension PostgresTests {
    /// Parameters that read VU variables, and extraction from results: a row's id returned by an INSERT,
    /// read back by later statements of the same iteration (prepared, in a transaction, pooled).
    @Suite struct Variables {
        @Test func aReturnedIdFeedsLaterStatementsOfTheIteration() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                """
                DROP TABLE IF EXISTS orders;
                CREATE TABLE orders (id serial PRIMARY KEY, owner text NOT NULL, iteration int NOT NULL, note text);
                ALTER TABLE orders OWNER TO bench;
                """
            )
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  shop:
                    load: {model: per-user-iterations, users: 3, iterations: 4}
                    flow:
                      - name: create
                        postgres:
                          dsn: "\(cluster.dsn)"
                          query: "INSERT INTO orders (owner, iteration) VALUES ($1, $2) RETURNING id, owner"
                          params: ["user${vu}", "${iteration}"]
                          prepared: true
                        extract: {order_id: {column: id}, owner: {column: owner}, tag: {from: status}}
                      - name: annotate
                        postgres:
                          dsn: "\(cluster.dsn)"
                          pool: 2
                          transaction:
                            - query: "UPDATE orders SET note = $1 WHERE id = $2"
                              params: ["${tag}", "${order_id}"]
                              expect: {rows: 1}
                            - query: "SELECT owner FROM orders WHERE id = $1"
                              params: ["${order_id}"]
                        extract: {checked: {column: owner}}
                      - name: verify
                        postgres:
                          dsn: "\(cluster.dsn)"
                          query: "SELECT count(*) FROM orders WHERE id = $1 AND owner = $2 AND owner = $3"
                          params: ["${order_id}", "${owner}", "${checked}"]
                          expect: {column: {count: {equals: "1"}}}
                """
            )
            let result = await PostgresRunHarness.run(plan, workers: 2)
            for name in ["create", "annotate", "verify"] {
                #expect(result.step(name).successes == 12, "\(name): \(result.step(name).errors)")
            }
            #expect(try cluster.sql("SELECT count(*) FROM orders WHERE note = 'INSERT 0 1'") == "12")
            #expect(try cluster.sql("SELECT count(DISTINCT owner || '/' || iteration) FROM orders") == "12")
        }

        @Test func aColumnThatIsNotThereFailsTheExtraction() async throws {
            let cluster = try PostgresCluster.get()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  s:
                    load: {model: per-user-iterations, users: 1, iterations: 2}
                    flow:
                      - name: select
                        postgres: {dsn: "\(cluster.dsn)", query: "SELECT 1 AS one"}
                        extract: {two: {column: two}, first: {from: body}}
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("select").errors == ["extraction_failed": 2])
        }

        @Test func renderedParametersKeepTheirValuesNullsAndLengthsAcrossAPipeline() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                """
                DROP TABLE IF EXISTS rendered;
                CREATE TABLE rendered (vu int NOT NULL, it int NOT NULL, empty text, tail text NOT NULL, position int);
                ALTER TABLE rendered OWNER TO bench;
                """
            )
            // Each statement renders into buffers the connection reuses for the next one: a short value, a NULL
            // between rendered ones, a value longer than a small string, and a constant after them.
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  render:
                    load: {model: per-user-iterations, users: 2, iterations: 3}
                    flow:
                      - name: batch
                        postgres:
                          dsn: "\(cluster.dsn)"
                          prepared: true
                          pipeline:
                            - query: "INSERT INTO rendered VALUES ($1, $2, $3, $4, $5)"
                              params: ["${vu}", "${iteration}", ~, "vu${vu}-iteration${iteration}-with-a-long-tail", 1]
                            - query: "INSERT INTO rendered VALUES ($1, $2, $3, $4, $5)"
                              params: ["${vu}", "${iteration}", ~, "vu${vu}-iteration${iteration}-with-a-long-tail", 2]
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("batch").successes == 6)
            #expect(try cluster.sql("SELECT count(*) FROM rendered") == "12")
            let matching = try cluster.sql(
                "SELECT count(*) FROM rendered WHERE empty IS NULL"
                    + " AND tail = format('vu%s-iteration%s-with-a-long-tail', vu, it)"
            )
            #expect(matching == "12")
            #expect(try cluster.sql("SELECT count(DISTINCT (vu, it, position)) FROM rendered") == "12")
        }
    }
}
