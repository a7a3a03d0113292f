import BarrageConfig
import BarrageCore
import BarrageMetrics
import Foundation
import Synchronization
import Testing

extension PostgresTests {
    @Suite struct Pools {
        @Test(arguments: [1, 2, 3])
        func twentyUsersOverAPoolOfFourUseExactlyFourServerConnectionsAndCompleteEveryTransaction(
            workers: Int
        )
            async throws
        {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                """
                DROP TABLE IF EXISTS pool_log; CREATE TABLE pool_log (pid int, tx bigint);
                ALTER TABLE pool_log OWNER TO bench;
                """
            )
            let application = "barrage-pool-test"
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  pooled:
                    load: {model: per-user-iterations, users: 20, iterations: 10}
                    flow:
                      - name: transfer
                        postgres:
                          dsn: "\(cluster.dsn) application_name=\(application)"
                          pool: 4
                          prepared: true
                          transaction:
                            - "INSERT INTO pool_log VALUES (pg_backend_pid(), txid_current())"
                            - "SELECT pg_sleep(0.002)"
                            - "INSERT INTO pool_log VALUES (pg_backend_pid(), txid_current())"
                            - {query: "SELECT count(*) AS n FROM pool_log WHERE tx = txid_current()", expect: {column: {n: {equals: "2"}}}}
                """
            )
            let counter = ServerConnectionCounter(cluster: cluster, application: application)
            counter.start()
            let result = await PostgresRunHarness.run(plan, workers: workers)
            let observed = counter.stop()

            let step = result.step("transfer")
            #expect(step.successes == 200, "\(step.errors)")
            #expect(step.failures == 0)
            #expect(step.phases.map(\.name) == ["connect", "pool_wait"])
            #expect(step.phases[0].histogram.count == 4)
            #expect(step.phases[1].histogram.count == 200)
            // Every transaction committed both rows on one backend, and no other VU's statement ran inside it.
            #expect(try cluster.sql("SELECT count(*) FROM pool_log") == "400")
            #expect(
                try cluster.sql(
                    "SELECT count(*) FROM (SELECT tx FROM pool_log GROUP BY tx HAVING count(DISTINCT pid) <> 1 OR count(*) <> 2) x"
                ) == "0"
            )
            // Exactly four backends served the run, split across the workers (2+2, or 2+1+1).
            #expect(try cluster.sql("SELECT count(DISTINCT pid) FROM pool_log") == "4")
            #expect(observed.samples > 0)
            #expect(observed.most <= 4, "pg_stat_activity showed \(observed.most) connections of the pool")
        }

        @Test func aWaitingUserGetsTheConnectionFirstAndALaterStepTimesOutWaiting() async throws {
            let cluster = try PostgresCluster.get()
            // Two users, one connection. Both start "hold" (1 s); the second waits for the first. When the first
            // returns the connection it goes to the waiting user, so the first user's "quick" step, 300 ms at
            // most, finds it busy for a whole second and fails with pool_timeout. The second user's "quick" then
            // finds it free.
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  queue:
                    load: {model: per-user-iterations, users: 2, iterations: 1}
                    flow:
                      - name: hold
                        postgres: {dsn: "\(cluster.dsn)", pool: 1, query: "SELECT pg_sleep(1)", timeout: 20s}
                      - name: quick
                        postgres: {dsn: "\(cluster.dsn)", pool: 1, query: "SELECT 1", timeout: 300ms}
                """
            )
            let result = await PostgresRunHarness.run(plan, workers: 1)
            #expect(result.step("hold").successes == 2, "\(result.step("hold").errors)")
            #expect(result.step("quick").successes == 1)
            #expect(result.step("quick").errors == ["pool_timeout": 1])
            // The second user's hold waited for the first one's whole second.
            #expect(result.step("hold").phases[1].latency.max >= 900)
            #expect(result.step("hold").phases[0].histogram.count == 1)
        }

        @Test func aWorkerWithoutAShareOfThePoolFailsWithPoolEmpty() async throws {
            let cluster = try PostgresCluster.get()
            // pool: 1 over two workers: worker 0 holds the connection; worker 1's user has none to wait for.
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  small:
                    load: {model: per-user-iterations, users: 2, iterations: 1}
                    flow:
                      - name: select
                        postgres: {dsn: "\(cluster.dsn)", pool: 1, query: "SELECT 1", timeout: 200ms}
                """
            )
            let result = await PostgresRunHarness.run(plan, workers: 2)
            #expect(result.step("select").successes == 1)
            #expect(result.step("select").errors == ["pool_empty": 1])
        }

        @Test func aBrokenConnectionFreesItsSlotForTheNextUserToReconnect() async throws {
            let cluster = try PostgresCluster.get()
            // Every step ends its own backend: the connection breaks, the pool closes it and hands its slot on.
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  breaking:
                    load: {model: per-user-iterations, users: 4, iterations: 3}
                    flow:
                      - name: terminate
                        postgres: {dsn: "\(cluster.dsn)", pool: 2, query: "SELECT pg_terminate_backend(pg_backend_pid())"}
                """
            )
            let result = await PostgresRunHarness.run(plan, workers: 1)
            let step = result.step("terminate")
            #expect(step.count == 12)
            #expect(step.errors == ["connection_lost": 12])
            // Each of the 12 steps connected anew: the slot of a broken connection was never lost.
            #expect(step.phases[0].histogram.count == 12)
        }

        @Test func aPoolSizeOutsideOneToTenThousandIsRefusedWhereItIsWritten() throws {
            do {
                _ = try PostgresRunHarness.plan(
                    """
                    scenarios:
                      s:
                        load: {model: per-user-iterations, users: 1, iterations: 1}
                        flow:
                          - postgres: {dsn: "host=127.0.0.1", query: "SELECT 1", pool: 0}
                    """
                )
                Issue.record("pool: 0 was accepted")
            } catch let error as ConfigError {
                #expect(error.location.line == 5)
                #expect(error.path.hasSuffix("postgres.pool"))
                #expect(error.description.contains("between 1 and 10000"))
            }
        }
    }
}

/// Counts a test's connections in pg_stat_activity (by application name) over and over on a thread of its own,
/// while a run goes on, and keeps the largest count seen.
final class ServerConnectionCounter: Sendable {
    private let cluster: PostgresCluster
    private let application: String
    private let state = Mutex((samples: 0, most: 0, done: false))
    private let finished = DispatchSemaphore(value: 0)

    init(cluster: PostgresCluster, application: String) {
        self.cluster = cluster
        self.application = application
    }

    /// Starts counting.
    func start() {
        Thread.detachNewThread { [self] in
            while !state.withLock({ $0.done }) {
                let text = try? cluster.sql(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(application)'"
                )
                if let count = text.flatMap({ Int($0) }) {
                    state.withLock {
                        $0.samples += 1
                        $0.most = max($0.most, count)
                    }
                }
                usleep(10_000)
            }
            finished.signal()
        }
    }

    /// Stops counting; how many counts were taken and the largest.
    func stop() -> (samples: Int, most: Int) {
        state.withLock { $0.done = true }
        finished.wait()
        return state.withLock { ($0.samples, $0.most) }
    }
}
