import ArgumentParser
import BarrageCore

/// `barrage run`: runs a scenario file, or an ad-hoc load against `--url`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario file, or an ad-hoc load against --url.",
        discussion: """
            Examples:
              barrage run examples/tcp-echo.yaml
              barrage run examples/tcp-echo.yaml --scenario echo --users 100 --duration 1m
              barrage run --url tcp://127.0.0.1:9000 --send 'ping\\n' --users 50 --duration 10s
              barrage run --url udp://127.0.0.1:9001 --send hello --rate 2000 --duration 10s
              barrage run checkout.yaml --baseline results/last-good/result.json
              barrage run soak.yaml --endurance --monitor-pid "$(pgrep -o postgres)" --duration 2h
            Exit status: 0 passed, 1 failed (thresholds failed; without thresholds, samples failed; a stress or
            spike run: the target did not recover), 2 bad input, 3 aborted by a threshold with abort_on_fail,
            130 interrupted.
            """
    )

    @Argument(help: "The scenario file (YAML). Omit it for an ad-hoc run with --url.")
    var file: String?

    @Option(name: .customLong("scenario"), help: "Run only this scenario (repeatable).")
    var scenarios: [String] = []

    @Option(name: .customLong("env"), help: "Apply this environment of the file (its targets, variables, defaults).")
    var environment: String?

    @Option(
        help: ArgumentHelp(
            "Run as this test type: a preset (smoke, load, stress, endurance, spike) or a preset file, as if the "
                + "file said 'extends:'."
        )
    )
    var profile: String?

    @Option(help: "Override the number of users (closed models), or set it for --url.")
    var users: Int?

    @Option(help: "Override the arrival rate per second (constant-rate), or make --url an open-model run.")
    var rate: Double?

    @Option(help: "Override the duration (e.g. 30s, 5m), or set it for --url (default 10s).")
    var duration: String?

    @Option(name: .customLong("spawn-rate"), help: "Users started per second (constant-users).")
    var spawnRate: Double?

    @Option(help: "With --url: iterations per user (per-user-iterations model) instead of a duration.")
    var iterations: Int?

    @Option(name: .customLong("max-in-flight"), help: "With --url and --rate: the most iterations in flight.")
    var maxInFlight: Int?

    @Option(help: "Write results to this folder (default: results/<UTC time>-<name>/).")
    var out: String?

    @Option(help: "Worker threads, each with its own event loop (default: one per core).")
    var workers: Int?

    @Option(help: "Run segment i of N of every scenario (a process of a distributed run), e.g. 0/3.")
    var segment: String?

    @Option(help: "Run the segment JOB_COMPLETION_INDEX of N (a Kubernetes Indexed Job's pod).")
    var segments: Int?

    @Option(
        name: .customLong("start-at"),
        help: "Start at this RFC 3339 time (every segment process waits for it), e.g. 2026-11-26T10:00:00Z."
    )
    var startAt: String?

    @Option(help: "Serve live metrics for Prometheus on HOST:PORT/metrics while the run lasts, e.g. 127.0.0.1:9464.")
    var prometheus: String?

    @Option(
        name: .customLong("prometheus-linger"),
        help: "Keep serving /metrics this long after the run ends, for a last scrape (e.g. 15s)."
    )
    var prometheusLinger: String?

    @Option(help: "Ad-hoc target URL; its scheme picks the client (tcp://, udp://, …).")
    var url: String?

    @Option(help: "With --url: the payload to send; \\n, \\r, \\t and \\\\ are decoded.")
    var send: String?

    @Option(help: "With --url (HTTP): the request method.")
    var method: String?

    @Option(
        name: [.customLong("header"), .customShort("H")],
        help: "With --url (HTTP): a header 'Name: value' (repeatable)."
    )
    var headers: [String] = []

    @Option(help: "With --url (HTTP): the request body, or @file.")
    var body: String?

    @Option(help: "With --url: the step timeout (e.g. 2s).")
    var timeout: String?

    @Flag(help: "Print no live progress.")
    var quiet = false

    @Option(help: "A previous result.json (or its folder) that thresholds written as 'baseline * F' compare with.")
    var baseline: String?

    @Option(
        name: .customLong("monitor-pid"),
        help: "Sample this process's (and its children's) CPU and memory every second from /proc (repeatable)."
    )
    var monitorPIDs: [Int32] = []

    @Option(
        name: .customLong("monitor-cgroup"),
        help: "Sample a cgroup v2 directory's CPU and memory every second (cpu.stat, memory.current) (repeatable)."
    )
    var monitorCgroups: [String] = []

    @Flag(help: "Analyse trends at the end (drift, leaks), as an 'endurance: {}' section in the file would.")
    var endurance = false

    func run() async throws {
        let session = RunSession(
            registry: RegistryContext.current,
            console: RegistryContext.console,
            arguments: RegistryContext.arguments
        )
        let status = try await session.execute(self.options)
        if status != .passed { throw CommandExit(status: status) }
    }

    var options: RunSession.Options {
        RunSession.Options(
            file: file,
            scenarios: scenarios,
            environment: environment,
            profile: profile,
            users: users,
            rate: rate,
            duration: duration,
            spawnRate: spawnRate,
            iterations: iterations,
            maxInFlight: maxInFlight,
            out: out,
            workers: workers,
            segment: segment,
            segments: segments,
            startAt: startAt,
            prometheus: prometheus,
            prometheusLinger: prometheusLinger,
            url: url,
            send: send,
            method: method,
            headers: headers,
            body: body,
            timeout: timeout,
            quiet: quiet,
            baseline: baseline,
            monitorPIDs: monitorPIDs,
            monitorCgroups: monitorCgroups,
            endurance: endurance
        )
    }
}
