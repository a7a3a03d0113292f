import BarrageCore
import BarrageMetrics
import Foundation
import Testing

extension PostgresTests {
    @Suite struct Monitors {
        @Test func aWriteWorkloadShowsItsCommitsInsertsAndConnectionsSecondBySecond() async throws {
            let cluster = try PostgresCluster.get()
            try cluster.sql(
                """
                DROP TABLE IF EXISTS monitored; CREATE TABLE monitored (id serial, v int);
                ALTER TABLE monitored OWNER TO bench;
                """
            )
            // The monitor counts every client session of the server: end the ones earlier tests left behind (a
            // backend whose client timed out keeps running its statement), so that only this run's are left.
            try cluster.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'bench'")
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  writes:
                    load: {model: constant-users, users: 4, duration: 5s}
                    flow:
                      - name: insert
                        postgres:
                          dsn: "\(cluster.dsn)"
                          monitor: true
                          prepared: true
                          transaction: ["INSERT INTO monitored (v) VALUES (1)", "INSERT INTO monitored (v) VALUES (2)"]
                """
            )
            let result = await PostgresRunHarness.run(plan, workers: 1)
            let committed = result.step("insert").successes
            #expect(committed > 100, "\(result.step("insert").errors)")

            let monitors = try #require(result.monitors)
            #expect(monitors.map(\.name) == ["connections", "transactions", "rows", "blocks"])
            #expect(
                monitors.allSatisfy {
                    $0.source == "postgres host=127.0.0.1 port=\(cluster.port) dbname=bench user=bench"
                }
            )
            #expect(!monitors.contains { $0.source.contains(cluster.password) })
            let connections = monitors[0]
            let transactions = monitors[1]
            let rows = monitors[2]
            // One point per whole second of a 5 s run (a loaded machine may skip one), a second apart.
            #expect((3...5).contains(connections.points.count), "\(connections.points.map(\.t))")
            #expect(connections.points.first?.t == result.startTimeUnixMs)
            #expect(zip(connections.points, connections.points.dropFirst()).allSatisfy { $1.t - $0.t >= 1000 })
            #expect(transactions.points.count == connections.points.count)
            // The 4 users' connections are there (and not the monitor's own), active or idle between statements.
            let sessions = connections.points.map { $0.values.values.reduce(0, +) - $0.values["waiting_on_lock"]! }
            #expect(sessions.max() == 4, "\(connections.points)")
            #expect(connections.points.allSatisfy { ($0.values["idle_in_transaction_aborted"] ?? -1) == 0 })
            // Commits rise with the workload: the server's rate adds up to most of the transactions committed
            // (each backend publishes its counts at most once a second, so the last second may be missing).
            let commits = transactions.points.map { $0.values["commits"] ?? 0 }
            let commitsSampled = commits.reduce(0, +)
            #expect(commits.max()! > 10, "\(commits)")
            #expect(commitsSampled >= Double(committed) / 4, "\(commits) for \(committed) transactions")
            #expect(commitsSampled <= Double(committed) * 1.2 + 50, "\(commits) for \(committed) transactions")
            let inserted = rows.points.map { $0.values["inserted"] ?? 0 }.reduce(0, +)
            #expect(inserted >= commitsSampled, "two rows per transaction")
            #expect(transactions.points.allSatisfy { $0.values.values.allSatisfy { $0 >= 0 } })
            // An endurance analysis judges each state's connections as connections (growth is a leak), and the
            // other series as monitor series.
            let endurance = EnduranceAnalysis.analyse(
                result,
                limits: EnduranceLimits(warmupSeconds: 0, minDurationSeconds: 1, minPoints: 3)
            )
            let states = endurance.signals.filter { $0.scope == connections.source && $0.kind == .connections }
            #expect(Set(states.map(\.name)).isSuperset(of: ["connections.active", "connections.idle"]))
            #expect(endurance.signals.contains { $0.name == "transactions.commits" && $0.kind == .monitor })
        }

        @Test func aStepWithoutMonitorLeavesTheResultWithoutMonitors() async throws {
            let cluster = try PostgresCluster.get()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  plain:
                    load: {model: per-user-iterations, users: 1, iterations: 3}
                    flow:
                      - postgres: {dsn: "\(cluster.dsn)", query: "SELECT 1"}
                """
            )
            let result = await PostgresRunHarness.run(plan)
            #expect(result.monitors == nil)
        }

        @Test func aMonitorThatCannotConnectRecordsNoPointsAndDoesNotHoldTheRunUp() async throws {
            let port = PostgresCluster.freePort()
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  refused:
                    load: {model: constant-users, users: 1, duration: 2s}
                    think_time: 100ms
                    flow:
                      - postgres: {dsn: "host=127.0.0.1 port=\(port) dbname=x user=x", monitor: true, query: "SELECT 1"}
                """
            )
            let started = MonotonicClock.now()
            let result = await PostgresRunHarness.run(plan)
            #expect(Double(MonotonicClock.now() - started) / 1e9 < 10)
            let monitors = try #require(result.monitors)
            #expect(monitors.count == 4)
            #expect(monitors.allSatisfy { $0.points.isEmpty })
        }

        @Test func aProcessMonitorOnThePostmasterSeesItsBackendsWorkAndMemory() async throws {
            let cluster = try PostgresCluster.get()
            let pidFile = try String(contentsOfFile: "\(cluster.folder)/data/postmaster.pid", encoding: .utf8)
            let postmaster = try #require(Int32(pidFile.split(separator: "\n")[0]))
            let plan = try PostgresRunHarness.plan(
                """
                scenarios:
                  busy:
                    load: {model: constant-users, users: 4, duration: 3s}
                    flow:
                      - postgres: {dsn: "\(cluster.dsn)", query: "SELECT count(*) FROM generate_series(1, 2000)"}
                """
            )
            let monitor = ProcessMonitor(pid: postmaster)
            let run = LoadRun(
                plan: plan,
                registry: PostgresRunHarness.registry,
                options: RunOptions(workers: 1, monitors: [monitor])
            )
            let result = await run.run(environment: RunEnvironmentProbe.current(commandLine: ["test"], workers: 1))
            let series = try #require(result.monitors)
            #expect(series.map(\.name) == ["cpu", "memory"])
            #expect(series[0].source == "process \(postmaster) (postgres)")
            #expect(series[0].unit == "% of one core")
            // The postmaster itself idles: the CPU seen is its four busy backends' (its descendants).
            let cpu = series[0].points.map { $0.values["cpu"]! }
            #expect(cpu.count >= 2)
            #expect(cpu.max()! > 5, "\(cpu)")
            #expect(cpu.allSatisfy { $0 >= 0 && $0 < 100 * Double(RunOptions.defaultWorkerCount) + 50 })
            let memory = series[1].points.map { $0.values["rss"]! }
            #expect(memory.allSatisfy { $0 > 5 }, "\(memory) MiB")
        }
    }
}
