import BarrageAlerting
import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageReport
import BarrageTestTypes
import Foundation

/// What `barrage run` does, apart from parsing its arguments: build the plan, run it with live progress and
/// signal handling, write result.json atomically, print the summary, and decide the exit status.
struct RunSession {
    /// `barrage run`'s options.
    struct Options {
        var file: String?
        var scenarios: [String] = []
        var environment: String?
        var profile: String?
        var users: Int?
        var rate: Double?
        var duration: String?
        var spawnRate: Double?
        var iterations: Int?
        var maxInFlight: Int?
        var out: String?
        var workers: Int?
        var segment: String?
        var segments: Int?
        var startAt: String?
        var prometheus: String?
        var prometheusLinger: String?
        var url: String?
        var send: String?
        var method: String?
        var headers: [String] = []
        var body: String?
        var timeout: String?
        var quiet = false
        var baseline: String?
        var monitorPIDs: [Int32] = []
        var monitorCgroups: [String] = []
        var endurance = false
    }

    let registry: ClientRegistry
    let console: Console
    let arguments: [String]

    func execute(_ options: Options) async throws -> ExitStatus {
        let plan: Plan
        let alerting: AlertingConfiguration
        let testTypes: TestTypeSetup
        let share: Share
        let startAt: Int64?
        do {
            share = try SegmentSelection.share(
                segment: options.segment,
                segments: options.segments,
                environment: ProcessInfo.processInfo.environment
            )
            (plan, alerting, testTypes) = try makePlan(options, segmented: share != .whole)
            startAt = try SegmentSelection.startAt(options.startAt, now: Int64(WallClock.now() / 1_000_000))
        } catch {
            throw CommandFailure(error.description)
        }
        let baseline = try Self.baseline(options.baseline, needed: alerting.needsBaseline)
        let monitors = try Self.monitors(pids: options.monitorPIDs, cgroups: options.monitorCgroups)
        // An endurance section, `--endurance`, or `test_type: endurance` without a section asks for the analysis.
        let wantsEndurance = options.endurance || plan.testType == "endurance"
        let enduranceLimits = plan.endurance ?? (wantsEndurance ? EnduranceLimits() : nil)
        if let workers = options.workers, workers < 1 {
            throw CommandFailure("--workers must be at least 1, found \(workers)")
        }
        let workers = options.workers ?? RunOptions.defaultWorkerCount
        let stamp = RFC3339.compact(unixMilliseconds: Int64(WallClock.now() / 1_000_000))
        let folder = options.out ?? "results/\(stamp)-\(Self.folderName(plan.name))"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("cannot create the results folder '\(folder)': \(error.localizedDescription)")
        }

        console.line(
            "barrage \(BarrageVersion.current) — \(plan.name): \(plan.scenarios.count) scenario(s), \(workers) worker(s)"
        )
        if let testType = plan.testType { console.line("  test type: \(testType)") }
        for scenario in plan.scenarios { console.line("  \(scenario.name): \(scenario.load.summary)") }
        let environment = RunEnvironmentProbe.current(
            commandLine: CommandLineRedactor.redact(arguments),
            workers: workers,
            segment: share
        )
        if share != .whole { console.line("  segment \(share) of every scenario") }
        let resultPath = (folder as NSString).appendingPathComponent("result.json")
        let reportPath = (folder as NSString).appendingPathComponent("report.html")
        let runID = RunIdentifier.make()
        let dispatcher = AlertDispatcher(
            channels: alerting.channels.map { [console] in $0.channel { console.errorLine($0) } }
        )
        let hasThresholds = !alerting.thresholds.isEmpty
        // The run's clock starts when it is made: make it last, right before it runs.
        let run = LoadRun(
            plan: plan,
            registry: registry,
            options: RunOptions(workers: workers, segment: share, startAtUnixMs: startAt, monitors: monitors)
        )
        if let startAt {
            if run.lateByMilliseconds > 0 {
                console.errorLine(
                    "warning: started \(run.lateByMilliseconds) ms after --start-at; the schedule still counts from "
                        + "\(RFC3339.format(unixMilliseconds: startAt)), so what was due meanwhile starts at once"
                )
            } else {
                console.line("  waiting for \(RFC3339.format(unixMilliseconds: startAt)) to start")
            }
        }
        let metrics = try await startMetricsEndpoint(options, run: run, share: share)
        let signals = SignalTrap(run: run, console: console)
        let progress = ProgressReporter(run: run, console: console, enabled: !options.quiet)
        let watch = ThresholdWatch(
            run: run,
            monitor: ThresholdMonitor(
                evaluator: ThresholdEvaluator(thresholds: alerting.thresholds, baseline: baseline)
            ),
            dispatcher: dispatcher,
            runID: runID,
            reportPath: reportPath,
            console: console
        )
        let testTypeWatches = testTypes.start(run: run) { [console] in console.line($0) }
        var result = await run.run(environment: environment)
        await testTypeWatches.finish(into: &result)
        result.testType = plan.testType
        let (monitor, abortedBy) = await watch.finish()
        await progress.finish()
        signals.cancel()
        result.runID = runID
        if hasThresholds {
            if abortedBy != nil { result.status = .aborted }
            result.thresholds = ThresholdsResult(
                verdicts: monitor.finish(result),
                abortedBy: abortedBy,
                baselineRunID: baseline?.runID,
                alertErrors: dispatcher.problems
            )
        }

        if let enduranceLimits { result.endurance = EnduranceAnalysis.analyse(result, limits: enduranceLimits) }

        var (writeFailed, reportsFailed) = write(result, folder: folder, resultPath: resultPath)
        if !alerting.channels.isEmpty {
            dispatcher.send(
                AlertEvent(
                    kind: .end,
                    runID: runID,
                    plan: plan.name,
                    verdicts: result.thresholds?.verdicts ?? [],
                    second: Int(result.durationSeconds.rounded()),
                    reportPath: reportPath,
                    status: result.status.rawValue,
                    passed: result.status == .completed
                        && (result.thresholds.map(\.passed) ?? (result.totalFailures == 0))
                )
            )
            // The run is over: wait for the last alerts, but never long.
            let problems = await dispatcher.finish(timeout: min(dispatcher.longestDelivery, 20_000_000_000))
            if hasThresholds, problems != result.thresholds?.alertErrors, !writeFailed {
                result.thresholds?.alertErrors = problems
                (writeFailed, reportsFailed) = write(result, folder: folder, resultPath: resultPath)
            }
            SummaryPrinter(console: console).print(result, alertErrors: problems)
        } else {
            SummaryPrinter(console: console).print(result)
        }
        if !writeFailed { console.line("result: \(resultPath)") }
        if let metrics {
            if metrics.linger > 0 {
                try? await Task.sleep(nanoseconds: metrics.linger)
            }
            await metrics.endpoint.stop()
        }

        if result.status == .interrupted { return .interrupted }
        if result.status == .aborted { return .aborted }
        if writeFailed || reportsFailed { return .failed }
        return result.measurementsPassed ? .passed : .failed
    }

    /// Writes result.json, then the reports; returns which failed (each failure is printed).
    func write(_ result: RunResult, folder: String, resultPath: String) -> (writeFailed: Bool, reportsFailed: Bool) {
        do {
            try result.write(to: resultPath)
        } catch {
            console.errorLine("error: could not write \(resultPath): \(error.localizedDescription)")
            return (true, false)
        }
        do {
            try ReportSet.writeAll(result, to: folder)
        } catch {
            console.errorLine("error: could not write the reports: \(error.localizedDescription)")
            return (false, true)
        }
        return (false, false)
    }

    /// The monitors `--monitor-pid` and `--monitor-cgroup` ask for, each checked now: a process that does not
    /// exist or a path that is not a cgroup v2 directory is bad input, before anything runs.
    static func monitors(pids: [Int32], cgroups: [String]) throws(CommandFailure) -> [any Monitor] {
        var monitors: [any Monitor] = []
        do {
            for pid in pids { monitors.append(try ProcessMonitor(existing: pid)) }
            for path in cgroups { monitors.append(try CgroupMonitor(path: path)) }
        } catch {
            throw CommandFailure(error.description)
        }
        return monitors
    }

    /// The `--baseline` result, read when given; an error when a threshold needs one and none was given.
    static func baseline(_ path: String?, needed: Bool) throws(CommandFailure) -> RunResult? {
        guard let path else {
            if needed {
                throw CommandFailure("a threshold compares with 'baseline': give --baseline result.json")
            }
            return nil
        }
        do {
            return try ResultFile(path).requireResult()
        } catch {
            throw CommandFailure("--baseline: \(error.description)")
        }
    }

    /// Starts `--prometheus`'s endpoint for `run`, with how long to linger after the run.
    func startMetricsEndpoint(
        _ options: Options,
        run: LoadRun,
        share: Share
    ) async throws -> (
        endpoint: MetricsEndpoint, linger: UInt64
    )? {
        guard let address = options.prometheus else { return nil }
        let separator = address.lastIndex(of: ":")
        guard let separator, let port = Int(address[address.index(after: separator)...]), (0...65535).contains(port)
        else {
            throw CommandFailure("--prometheus: expected HOST:PORT such as 127.0.0.1:9464, found '\(address)'")
        }
        var host = String(address[..<separator])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var linger: UInt64 = 0
        if let text = options.prometheusLinger {
            guard let value = DurationText.nanoseconds(text) else {
                throw CommandFailure("--prometheus-linger: expected a duration such as 15s, found '\(text)'")
            }
            linger = value
        }
        let collector = run.collector
        let planName = run.plan.name
        do {
            let endpoint = try await MetricsEndpoint.start(host: host, port: port) {
                PrometheusExposition.text(collector: collector, segment: share.description, planName: planName)
            }
            console.line("  metrics: http://\(address.hasPrefix("[") ? address : "\(host):\(endpoint.port)")/metrics")
            return (endpoint, linger)
        } catch {
            throw CommandFailure("--prometheus: cannot listen on \(address): \(error)")
        }
    }

    func makePlan(
        _ options: Options,
        segmented: Bool
    ) throws(ConfigError) -> (Plan, AlertingConfiguration, TestTypeSetup) {
        let duration = try Self.duration(options.duration, option: "--duration")
        if let users = options.users, users < 1 {
            throw ConfigError(location: .commandLine, path: "--users", message: "must be at least 1, found \(users)")
        }
        if let rate = options.rate, !(rate > 0) {
            throw ConfigError(location: .commandLine, path: "--rate", message: "must be greater than 0, found \(rate)")
        }
        if let url = options.url {
            if options.file != nil {
                throw ConfigError(
                    location: .commandLine,
                    path: "--url",
                    message: "give either a scenario file or --url, not both"
                )
            }
            if options.profile != nil {
                throw ConfigError(
                    location: .commandLine,
                    path: "--profile",
                    message: "a test-type preset wraps a scenario file; write the --url step into one to use --profile"
                )
            }
            return (
                try adHocPlan(url: url, options: options, duration: duration), AlertingConfiguration(), TestTypeSetup()
            )
        }
        guard let file = options.file else {
            throw ConfigError(
                location: .commandLine,
                path: "",
                message: "give a scenario file, or --url for an ad-hoc run (see barrage run --help)"
            )
        }
        for (flag, given) in [
            ("--send", options.send != nil), ("--method", options.method != nil),
            ("--header", !options.headers.isEmpty),
            ("--body", options.body != nil), ("--iterations", options.iterations != nil),
            ("--max-in-flight", options.maxInFlight != nil), ("--timeout", options.timeout != nil),
        ] where given {
            throw ConfigError(
                location: .commandLine,
                path: flag,
                message: "\(flag) applies only to an ad-hoc run with --url"
            )
        }
        let overrides = LoadOverrides(
            users: options.users,
            rate: options.rate,
            duration: duration,
            spawnRate: options.spawnRate
        )
        let scenarioFile = try ScenarioFile.load(
            path: file,
            registry: registry,
            selectedScenarios: options.scenarios,
            overrides: overrides,
            environment: options.environment,
            profile: options.profile,
            segmented: segmented
        )
        return (scenarioFile.plan, scenarioFile.alerting, scenarioFile.testTypes)
    }

    func adHocPlan(url: String, options: Options, duration: UInt64?) throws(ConfigError) -> Plan {
        guard let schemeEnd = url.range(of: "://") else {
            throw ConfigError(
                location: .commandLine,
                path: "--url",
                message: "'\(url)' has no scheme; use e.g. tcp://127.0.0.1:9000"
            )
        }
        let scheme = String(url[..<schemeEnd.lowerBound]).lowercased()
        guard let factory = registry.factory(for: scheme) else {
            throw ConfigError(
                location: .commandLine,
                path: "--url",
                message: "no client for '\(scheme)://'; registered: \(registry.protocolNames.joined(separator: ", "))"
            )
        }
        let timeout = try Self.duration(options.timeout, option: "--timeout")
        let definition: any StepDefinition
        do {
            definition = try factory.adHocStep(
                AdHocRequest(
                    protocolName: scheme,
                    url: url,
                    send: options.send.map(EscapeText.decode),
                    method: options.method,
                    headers: options.headers,
                    body: options.body,
                    timeout: timeout
                )
            )
        } catch {
            // A client's message may quote the URL: never with its password.
            var redacted = error
            redacted.message = CommandLineRedactor.redactPasswords(in: error.message, of: url)
            throw redacted
        }
        let length = duration ?? 10_000_000_000
        let load: any LoadModel
        if let rate = options.rate {
            if options.users != nil || options.iterations != nil {
                throw ConfigError(
                    location: .commandLine,
                    path: "--rate",
                    message: "--rate makes an open-model run; drop --users and --iterations"
                )
            }
            load = ConstantRateModel(
                rate: rate,
                duration: length,
                maxInFlight: options.maxInFlight ?? Int(min(10_000, max(10, rate.rounded(.up))))
            )
        } else if let iterations = options.iterations {
            guard iterations >= 1 else {
                throw ConfigError(
                    location: .commandLine,
                    path: "--iterations",
                    message: "must be at least 1, found \(iterations)"
                )
            }
            load = PerUserIterationsModel(
                users: options.users ?? 1,
                iterations: iterations,
                maxDuration: duration ?? 600_000_000_000
            )
        } else {
            load = ConstantUsersModel(users: options.users ?? 1, spawnRate: options.spawnRate, duration: length)
        }
        return Plan(
            name: "adhoc-\(scheme)",
            scenarios: [
                Scenario(
                    name: "adhoc",
                    load: load,
                    // Named after the URL without its password: step names reach results and reports.
                    flow: [Step(name: CommandLineRedactor.redactURL(url), protocolName: scheme, definition: definition)]
                )
            ]
        )
    }

    /// A positive duration given on the command line, or nil when the option was not given.
    static func duration(_ text: String?, option: String) throws(ConfigError) -> UInt64? {
        guard let text else { return nil }
        guard let value = DurationText.nanoseconds(text), value > 0 else {
            throw ConfigError(
                location: .commandLine,
                path: option,
                message: "expected a duration such as 2s, 30s or 5m, found '\(text)'"
            )
        }
        return value
    }

    static func folderName(_ name: String) -> String {
        let allowed = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        return String(allowed.prefix(60))
    }
}

/// Backslash escapes in command-line payloads: `\n`, `\r`, `\t`, `\0`, `\\` and `\xHH`.
enum EscapeText {
    static func decode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "\\"), let next = iterator.next() else {
                bytes.append(byte)
                continue
            }
            switch next {
            case UInt8(ascii: "n"): bytes.append(10)
            case UInt8(ascii: "r"): bytes.append(13)
            case UInt8(ascii: "t"): bytes.append(9)
            case UInt8(ascii: "0"): bytes.append(0)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "x"):
                let high = iterator.next()
                let low = iterator.next()
                if let high, let low, let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                } else {
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), next] + [high, low].compactMap { $0 })
                }
            default: bytes.append(contentsOf: [UInt8(ascii: "\\"), next])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
