import BarrageCore
import BarrageMetrics
import Foundation
import Testing

extension PostgresTests {
    @Suite struct Transactions {
        @Test func aUniqueViolationRollsTheTransactionBackAndIsCountedAsSuch() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                """
                DROP TABLE IF EXISTS tx_rows, tx_unique;
                CREATE TABLE tx_rows (id int, vu text); CREATE TABLE tx_unique (id int PRIMARY KEY);
                INSERT INTO tx_unique VALUES (1);
                ALTER TABLE tx_rows OWNER TO bench; ALTER TABLE tx_unique OWNER TO bench;
                """
            )
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  failing:
                    load: {model: per-user-iterations, users: 2, iterations: 5}
                    flow:
                      - name: failing
                        postgres:
                          dsn: "\(cluster.dsn)"
                          transaction:
                            - "INSERT INTO tx_rows (id) VALUES (1000)"
                            - {query: "INSERT INTO tx_unique VALUES ($1)", params: ["1"]}
                            - "INSERT INTO tx_rows (id) VALUES (1001)"
                      - name: after
                        postgres: {dsn: "\(cluster.dsn)", query: "SELECT 1"}
                  committing:
                    load: {model: per-user-iterations, users: 2, iterations: 5}
                    flow:
                      - name: committing
                        postgres:
                          dsn: "\(cluster.dsn)"
                          prepared: true
                          transaction:
                            - "INSERT INTO tx_rows (id) VALUES (2000)"
                            - {query: "SELECT count(*) AS n FROM tx_rows WHERE id = 1000", expect: {column: {n: {equals: "0"}}}}
                            - "INSERT INTO tx_rows (id) VALUES (2001)"
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("failing").errors == ["unique_violation": 10])
            // The failed iteration ends there; the step after it never ran.
            #expect(result.step("after").count == 0)
            #expect(result.step("committing").successes == 10)
            #expect(try cluster.sql("SELECT count(*) FROM tx_rows WHERE id IN (1000, 1001)") == "0")
            #expect(try cluster.sql("SELECT count(*) FROM tx_rows WHERE id IN (2000, 2001)") == "20")
            // Nothing was left open: every bench session is idle, none idle in transaction.
            #expect(try cluster.sql("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in%'") == "0")
        }

        @Test func opposingLockOrdersEndInADeadlockAndConcurrentUpdatesInASerializationFailure() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                """
                DROP TABLE IF EXISTS locks; CREATE TABLE locks (id int PRIMARY KEY, v int);
                INSERT INTO locks VALUES (1, 0), (2, 0), (3, 0); ALTER TABLE locks OWNER TO bench;
                """
            )
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  forward:
                    load: {model: per-user-iterations, users: 1, iterations: 3}
                    flow:
                      - name: forward
                        postgres:
                          dsn: "\(cluster.dsn)"
                          transaction: ["UPDATE locks SET v = v + 1 WHERE id = 1", "SELECT pg_sleep(0.2)", "UPDATE locks SET v = v + 1 WHERE id = 2"]
                  backward:
                    load: {model: per-user-iterations, users: 1, iterations: 3}
                    flow:
                      - name: backward
                        postgres:
                          dsn: "\(cluster.dsn)"
                          transaction: ["UPDATE locks SET v = v + 1 WHERE id = 2", "SELECT pg_sleep(0.2)", "UPDATE locks SET v = v + 1 WHERE id = 1"]
                  serializable:
                    load: {model: per-user-iterations, users: 4, iterations: 3}
                    flow:
                      - name: serializable
                        postgres:
                          dsn: "\(cluster.dsn)"
                          transaction:
                            - "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"
                            - "SELECT v FROM locks WHERE id = 3"
                            - "SELECT pg_sleep(0.1)"
                            - "UPDATE locks SET v = v + 1 WHERE id = 3"
                """
            )
            let result = await PostgresRunHarness.run(plan)
            let deadlocks =
                (result.step("forward").errors["deadlock"] ?? 0) + (result.step("backward").errors["deadlock"] ?? 0)
            #expect(deadlocks >= 1, "\(result.step("forward").errors) \(result.step("backward").errors)")
            #expect((result.step("serializable").errors["serialization_failure"] ?? 0) >= 1)
            #expect(result.step("serializable").errors.keys.allSatisfy { $0 == "serialization_failure" })
        }
    }
}
