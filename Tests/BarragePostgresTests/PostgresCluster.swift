import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarragePostgres
import Foundation

/// A real PostgreSQL 15 cluster for the suite: `initdb` into a temporary folder as the `postgres` OS user,
/// `pg_ctl start` on a free loopback port, a `bench` database and role with a password. Started on first use,
/// shared by every test, stopped and deleted when the test process exits. Fails loudly when it cannot start.
final class PostgresCluster: Sendable {
    static let binaries = "/usr/lib/postgresql/15/bin"
    /// The cluster, or why it could not start.
    static let shared: Result<PostgresCluster, ClusterError> = Result { () throws(ClusterError) in try start() }

    /// The shared cluster; throws (failing the test) when it could not start.
    static func get() throws -> PostgresCluster { try shared.get() }

    /// The folder holding data, socket and log.
    let folder: String
    /// The loopback port it listens on.
    let port: Int
    /// The test role's password.
    let password = "bench-secret-pw"

    private init(folder: String, port: Int) {
        self.folder = folder
        self.port = port
    }

    /// A libpq connection string for the `bench` role and database over TCP.
    var dsn: String { "host=127.0.0.1 port=\(port) dbname=bench user=bench password=\(password)" }

    /// Runs SQL as the superuser over the Unix socket and returns psql's unaligned output, trimmed.
    @discardableResult
    func sql(_ statement: String, database: String = "bench") throws -> String {
        try Self.run(
            ["\(Self.binaries)/psql", "-h", folder, "-p", String(port), "-U", "postgres", "-d", database, "-Atq"]
                + ["-v", "ON_ERROR_STOP=1", "-c", statement]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Restarts the server (fast shutdown: every backend is terminated), waiting until it accepts connections.
    func restart() throws {
        try Self.run(
            Self.asPostgres(["\(Self.binaries)/pg_ctl", "-D", "\(folder)/data", "-m", "fast", "-w", "restart"])
        )
    }

    /// `pgbench -i -s scale` into the bench database.
    func pgbenchInitialize(scale: Int) throws {
        try Self.run(
            ["\(Self.binaries)/pgbench", "-i", "-q", "-s", String(scale), "-h", folder, "-p", String(port)]
                + ["-U", "bench", "bench"]
        )
    }

    // MARK: Starting and stopping

    private static func start() throws(ClusterError) -> PostgresCluster {
        guard let user = getpwnam("postgres") else {
            throw ClusterError("no 'postgres' OS user: install postgresql-15")
        }
        var template = Array("/tmp/barrage-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ClusterError("mkdtemp failed") }
        let folder = String(cString: made)
        chown(folder, user.pointee.pw_uid, user.pointee.pw_gid)
        chmod(folder, 0o700)
        let port = freePort()
        let cluster = PostgresCluster(folder: folder, port: port)
        teardownCommand =
            "runuser -u postgres -- \(binaries)/pg_ctl -D \(folder)/data -m immediate stop >/dev/null 2>&1; "
            + "rm -rf \(folder)"
        atexit { system(teardownCommand) }
        do {
            try run(
                asPostgres(
                    ["\(binaries)/initdb", "-D", "\(folder)/data", "-U", "postgres", "-E", "UTF8", "--no-sync"]
                        + ["--auth-local=trust", "--auth-host=scram-sha-256"]
                ),
                in: folder
            )
            let options = [
                "-c listen_addresses=127.0.0.1", "-c port=\(port)", "-c unix_socket_directories=\(folder)",
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c deadlock_timeout=100ms",
                "-c max_connections=100",
            ]
            try run(
                asPostgres(
                    ["\(binaries)/pg_ctl", "-D", "\(folder)/data", "-l", "\(folder)/server.log", "-w", "-t", "60"]
                        + ["-o", options.joined(separator: " "), "start"]
                ),
                in: folder
            )
            try cluster.sql("CREATE ROLE bench LOGIN PASSWORD '\(cluster.password)'", database: "postgres")
            try cluster.sql("CREATE DATABASE bench OWNER bench", database: "postgres")
        } catch {
            let log = (try? String(contentsOfFile: "\(folder)/server.log", encoding: .utf8)) ?? ""
            throw ClusterError("PostgreSQL test cluster did not start: \(error)\n\(log)")
        }
        return cluster
    }

    /// `arguments` run as the `postgres` OS user (tests run as root; initdb and postgres refuse root).
    private static func asPostgres(_ arguments: [String]) -> [String] {
        getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments : arguments
    }

    /// Runs a program and returns its standard output; throws with its error output when it fails.
    ///
    /// `posix_spawn` and `waitpid` on that one child, output through files: `pg_ctl start` leaves a postmaster
    /// behind that would keep a pipe open for ever, and Foundation's `Process.waitUntilExit` did not return
    /// after `pg_ctl start` here.
    @discardableResult
    static func run(_ arguments: [String], in directory: String = "/tmp") throws(ClusterError) -> String {
        let base = "/tmp/barrage-pg-run-\(getpid())-\(UUID().uuidString)"
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // env -C: the working directory (initdb and pg_ctl want one the postgres user can enter).
        let command = ["/usr/bin/env", "-C", directory] + arguments
        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw ClusterError("cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let out = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        guard status == 0 else {
            let err = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
            throw ClusterError("\(arguments.joined(separator: " ")) failed (wait status \(status)): \(err)")
        }
        return out
    }

    /// A loopback TCP port nothing listens on now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                _ = bind(fd, raw, length)
                _ = getsockname(fd, raw, &length)
            }
        }
        close(fd)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The shell command that stops and deletes the cluster at exit (an `atexit` handler cannot capture).
nonisolated(unsafe) private var teardownCommand = ""

/// Why the test cluster could not be used.
struct ClusterError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Loads and runs plans with the Postgres protocol registered.
enum PostgresRunHarness {
    static let registry = ClientRegistry([PostgresClientFactory()])

    /// Parses a scenario written in YAML.
    static func plan(_ yaml: String, overrides: LoadOverrides = LoadOverrides()) throws -> Plan {
        let root = try YAMLSource.parse(yaml, file: "test.yaml")
        return try PostgresRunHarness.loader.plan(from: root, fallbackName: "test", overrides: overrides)
    }

    static let loader = PlanLoader(registry: registry)

    /// Runs `plan` to its end and returns the result.
    static func run(_ plan: Plan, workers: Int = 1) async -> RunResult {
        let run = LoadRun(plan: plan, registry: registry, options: RunOptions(workers: workers))
        return await run.run(environment: RunEnvironmentProbe.current(commandLine: ["test"], workers: workers))
    }
}

extension RunResult {
    /// The step named `name` of the first scenario that has it.
    func step(_ name: String) -> StepResult {
        scenarios.flatMap(\.steps).first { $0.name == name }!
    }
}
