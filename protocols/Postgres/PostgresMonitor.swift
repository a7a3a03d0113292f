import BarrageCore
import BarrageMetrics
import CLibPQ

/// The server's view of a run, once per second over a connection of its own (`monitor: true`): sessions by
/// state from `pg_stat_activity`, and transactions, rows and blocks per second from `pg_stat_database`.
///
/// Runs on the monitor thread with libpq's blocking calls (never on a worker), each bounded: a 2 s connect
/// timeout, a 900 ms statement timeout, and TCP keepalives and user timeout of about 2 s against a silent
/// peer. A failed sample closes the connection; the next one reconnects. The only owner of its `PGconn`.
final class PostgresMonitor: Monitor, @unchecked Sendable {
    /// The step's settings the monitor connects with (under its own application name).
    let settings: ConnectionSettings
    private var connection: OpaquePointer?
    /// The cumulative counters of the previous sample and when it was read, for rates.
    private var previous: (time: UInt64, counters: [Double])?

    init(settings: ConnectionSettings) {
        self.settings = settings
    }

    deinit { stop() }

    var source: String { "postgres \(settings.endpoint)" }

    var series: [MonitorSeriesInfo] {
        [
            MonitorSeriesInfo(name: "connections", unit: "connections"),
            MonitorSeriesInfo(name: "transactions", unit: "per second"),
            MonitorSeriesInfo(name: "rows", unit: "rows per second"),
            MonitorSeriesInfo(name: "blocks", unit: "blocks per second"),
        ]
    }

    /// Sessions by state, of every database: the monitor's own session is left out. Sessions of other roles
    /// have no visible state (they count as `other`) unless the role has `pg_read_all_stats`.
    static let states: [(label: String, condition: String)] = [
        ("active", "state = 'active'"),
        ("idle", "state = 'idle'"),
        ("idle_in_transaction", "state = 'idle in transaction'"),
        ("idle_in_transaction_aborted", "state = 'idle in transaction (aborted)'"),
        (
            "other",
            "state IS NULL OR state NOT IN ('active', 'idle', 'idle in transaction', "
                + "'idle in transaction (aborted)')"
        ),
        ("waiting_on_lock", "wait_event_type = 'Lock'"),
    ]

    /// Cumulative counters of the monitored database: series, line and column.
    static let counters: [(series: String, label: String, column: String)] = [
        ("transactions", "commits", "xact_commit"),
        ("transactions", "rollbacks", "xact_rollback"),
        ("transactions", "deadlocks", "deadlocks"),
        ("rows", "returned", "tup_returned"),
        ("rows", "fetched", "tup_fetched"),
        ("rows", "inserted", "tup_inserted"),
        ("rows", "updated", "tup_updated"),
        ("rows", "deleted", "tup_deleted"),
        ("blocks", "read", "blks_read"),
        ("blocks", "hit", "blks_hit"),
    ]

    /// One statement, one row: the state counts, then the counters.
    static let query: String = {
        let states = PostgresMonitor.states.map { "count(*) FILTER (WHERE \($0.condition))" }
        let counters = PostgresMonitor.counters.map { "d.\($0.column)" }
        return "SELECT "
            + (states.map {
                "(SELECT \($0) FROM pg_stat_activity "
                    + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid())"
            } + counters)
            .joined(separator: ", ") + " FROM pg_stat_database d WHERE d.datname = current_database()"
    }()

    func start() {
        previous = read().map { (MonotonicClock.now(), Array($0.dropFirst(Self.states.count))) }
    }

    func sample() -> [String: [String: Double]] {
        guard let row = read() else { return [:] }
        let now = MonotonicClock.now()
        var values: [String: [String: Double]] = ["connections": [:]]
        for (index, state) in Self.states.enumerated() { values["connections"]![state.label] = row[index] }
        let counters = Array(row.dropFirst(Self.states.count))
        if let previous, now > previous.time {
            let seconds = Double(now - previous.time) / 1e9
            for (index, counter) in Self.counters.enumerated() {
                // A statistics reset makes a counter go back: no negative rate, the new value is the base.
                let delta = max(0, counters[index] - previous.counters[index])
                values[counter.series, default: [:]][counter.label] = delta / seconds
            }
        }
        previous = (now, counters)
        return values
    }

    func stop() {
        if let connection { PQfinish(connection) }
        connection = nil
    }

    /// One row of the monitoring query as numbers; nil (and the connection closed) when it failed.
    private func read() -> [Double]? {
        guard let connection = connection ?? connect() else { return nil }
        guard let result = PQexec(connection, Self.query) else {
            stop()
            return nil
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK, PQntuples(result) == 1 else {
            if PQstatus(connection) == CONNECTION_BAD { stop() }
            return nil
        }
        return (0..<PQnfields(result)).map { column in
            PQgetisnull(result, 0, column) == 1 ? 0 : Double(String(cString: PQgetvalue(result, 0, column))) ?? 0
        }
    }

    /// A blocking connection (on the monitor thread), with its own application name and a statement timeout.
    private func connect() -> OpaquePointer? {
        // Every wait bounded, so that a silent server cannot hold the monitor thread (and the run's end) up.
        let own = settings.adding([
            ("application_name", "barrage-monitor"), ("connect_timeout", "2"), ("tcp_user_timeout", "2000"),
            ("keepalives_idle", "1"), ("keepalives_interval", "1"), ("keepalives_count", "2"),
        ])
        let made = own.withParameters { keywords, values in PQconnectdbParams(keywords, values, 1) }
        guard let made else { return nil }
        guard PQstatus(made) == CONNECTION_OK else {
            PQfinish(made)
            return nil
        }
        _ = PQsetNoticeProcessor(made, { _, _ in }, nil)
        PQclear(PQexec(made, "SET statement_timeout = 900"))
        connection = made
        return made
    }
}
