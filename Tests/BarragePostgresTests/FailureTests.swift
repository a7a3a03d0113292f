import BarrageCore
import BarrageMetrics
import Foundation
import Testing

extension PostgresTests {
    @Suite struct Failures {
        @Test func aPortWithNoServerIsConnectRefused() async throws {
            let port = PostgresCluster.freePort()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  nobody:
                    load: {model: per-user-iterations, users: 2, iterations: 5}
                    flow: [{name: q, postgres: {host: 127.0.0.1, port: \(port), dbname: x, user: y, query: "SELECT 1"}}]
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("q").errors == ["connect_refused": 10])
        }

        @Test func aWrongPasswordIsAnAuthenticationFailure() async throws {
            let cluster = try PostgresCluster.get()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  wrong:
                    load: {model: per-user-iterations, users: 1, iterations: 2}
                    flow:
                      - {name: q, postgres: {host: 127.0.0.1, port: \(cluster.port), dbname: bench, user: bench, password: nope, query: "SELECT 1"}}
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("q").errors == ["authentication_failed": 2])
        }

        @Test func requiringTLSFromAServerWithoutItIsATLSError() async throws {
            let cluster = try PostgresCluster.get()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  tls:
                    load: {model: per-user-iterations, users: 1, iterations: 2}
                    flow: [{name: q, postgres: {dsn: "\(cluster.dsn)", sslmode: require, query: "SELECT 1"}}]
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("q").errors == ["tls": 2])
        }

        @Test func aServerRestartIsConnectionLostAndTheUsersReconnect() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                "DROP TABLE IF EXISTS beats; CREATE TABLE beats (at timestamptz DEFAULT clock_timestamp());"
                    + "ALTER TABLE beats OWNER TO bench;"
            )
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  beating:
                    load: {model: constant-users, users: 4, duration: 5s}
                    think_time: 20ms
                    flow: [{name: beat, postgres: {dsn: "\(cluster.dsn)", query: "INSERT INTO beats DEFAULT VALUES", connect_timeout: 1s}}]
                """
            )
            let restart = Task.detached {
                try await Task.sleep(nanoseconds: 1_500_000_000)
                try cluster.restart()
                return try cluster.sql("SELECT clock_timestamp()")
            }
            let result = await PostgresRunHarness.run(plan)
            let restartedAt = try await restart.value
            let errors = result.step("beat").errors
            #expect((errors["connection_lost"] ?? 0) >= 1, "\(errors)")
            // A reconnect during the restart meets a refusal, a server still starting up, or (when it lands while the
            // old server shuts down) a reset of the half-made connection.
            #expect(
                Set(errors.keys).isSubset(of: [
                    "connection_lost", "connect_refused", "server_unavailable", "connection_reset",
                ]),
                "\(errors)"
            )
            let after = Int(try cluster.sql("SELECT count(*) FROM beats WHERE at > '\(restartedAt)'")) ?? 0
            #expect(after > 50)
            // Four connections at first and four again after the restart.
            #expect(result.step("beat").phases[0].histogram.count == 8)
        }

        @Test func statementTimeoutIsQueryCanceled() async throws {
            let cluster = try PostgresCluster.get()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  slow:
                    load: {model: per-user-iterations, users: 1, iterations: 3}
                    flow:
                      - name: slow
                        postgres:
                          dsn: "\(cluster.dsn) options='-c statement_timeout=100'"
                          query: "SELECT pg_sleep(2)"
                """
            )
            let started = Date()
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("slow").errors == ["query_canceled": 3])
            #expect(Date().timeIntervalSince(started) < 2)
            // The canceled statement leaves the connection usable.
            #expect(result.step("slow").phases[0].histogram.count == 1)
        }

        @Test func pgCancelBackendIsQueryCanceled() async throws {
            let cluster = try PostgresCluster.get()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  victim:
                    load: {model: per-user-iterations, users: 1, iterations: 1}
                    flow: [{name: victim, postgres: {dsn: "\(cluster.dsn) application_name=victim", query: "SELECT pg_sleep(20)"}}]
                """
            )
            let canceller = Task.detached {
                for _ in 0..<100 {
                    try await Task.sleep(nanoseconds: 50_000_000)
                    let canceled = try cluster.sql(
                        "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity"
                            + " WHERE application_name = 'victim' AND state = 'active'"
                    )
                    if canceled == "1" { return true }
                }
                return false
            }
            let result = await PostgresRunHarness.run(plan)
            #expect(try await canceller.value)
            #expect(result.step("victim").errors == ["query_canceled": 1])
        }

        @Test func aStepThatOutlivesItsTimeoutIsTimeoutAndTheUserReconnects() async throws {
            let cluster = try PostgresCluster.get()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  stalled:
                    load: {model: per-user-iterations, users: 2, iterations: 3}
                    flow: [{name: stalled, postgres: {dsn: "\(cluster.dsn)", query: "SELECT pg_sleep(3)", timeout: 200ms}}]
                """
            )
            let started = Date()
            let result = await PostgresRunHarness.run(plan)
            #expect(result.step("stalled").errors == ["timeout": 6])
            #expect(result.step("stalled").latency.p50 >= 190 && result.step("stalled").latency.p50 < 500)
            #expect(Date().timeIntervalSince(started) < 2.5)
            // A connection abandoned mid-statement is not reused: one connect per iteration.
            #expect(result.step("stalled").phases[0].histogram.count == 6)
        }
    }
}
