import BarrageMetrics
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How a run is executed.
public struct RunOptions: Sendable {
    /// Worker threads (one event loop each); defaults to one per core.
    public var workers: Int
    /// This process's share of the load (a segment of a distributed run; `.whole` otherwise).
    public var segment: Share
    /// When the run's time starts, Unix ms (`--start-at`): every segment process waits for it, and load models
    /// and per-second series count from it. Nil: a few milliseconds after the run is made.
    public var startAtUnixMs: Int64?
    /// Monitors to sample besides those the plan's client factories supply (e.g. a target process's CPU).
    public var monitors: [any Monitor]

    /// Makes options.
    public init(
        workers: Int = RunOptions.defaultWorkerCount,
        segment: Share = .whole,
        startAtUnixMs: Int64? = nil,
        monitors: [any Monitor] = []
    ) {
        self.workers = max(1, workers)
        self.segment = segment
        self.startAtUnixMs = startAtUnixMs
        self.monitors = monitors
    }

    /// One worker per online core.
    public static var defaultWorkerCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// One execution of a plan: starts the workers, runs every scenario's share on each, samples the
/// generator's CPU and memory every second, and produces the `RunResult`.
///
/// `requestStop()` (SIGINT, SIGTERM) stops starting iterations and gives in-flight ones their graceful stop;
/// `abort()` ends every wait at once. Either way the result holds everything measured until then.
public final class LoadRun: Sendable {
    /// The plan being run.
    public let plan: Plan
    /// The options it runs with.
    public let options: RunOptions
    /// Where the workers' measurements meet; read `collector.live` for progress.
    public let collector: Collector
    /// The run's time origin (monotonic ns); load models count from here.
    public let origin: UInt64
    /// The origin as Unix time, ms.
    public let startTimeUnixMs: Int64
    /// How late the run was made for its `startAtUnixMs`, ms (0 when on time): the schedule keeps its origin,
    /// so the first arrivals and users of a late process start at once, and the caller should say so.
    public let lateByMilliseconds: Int64

    private let registry: ClientRegistry
    private let control = RunControl()
    private let finished = Atomic<Bool>(false)

    /// Prepares a run of `plan` whose protocols `registry` serves. Time starts counting at construction (plus a
    /// few milliseconds for the workers to start).
    public init(plan: Plan, registry: ClientRegistry, options: RunOptions = RunOptions()) {
        self.plan = plan
        self.registry = registry
        self.options = options
        let monotonicNow = MonotonicClock.now()
        let wallNow = WallClock.now()
        if let startAt = options.startAtUnixMs {
            let target = UInt64(max(0, startAt)) * 1_000_000
            if target >= wallNow {
                origin = monotonicNow + (target - wallNow)
                lateByMilliseconds = 0
            } else {
                origin = monotonicNow - min(monotonicNow, wallNow - target)
                lateByMilliseconds = Int64((wallNow - target) / 1_000_000)
            }
            startTimeUnixMs = startAt
        } else {
            let startDelay: UInt64 = 20_000_000
            origin = monotonicNow + startDelay
            startTimeUnixMs = Int64((wallNow + startDelay) / 1_000_000)
            lateByMilliseconds = 0
        }
        collector = Collector(
            layout: plan.metricsLayout,
            workerCount: options.workers,
            startTimeUnixMs: startTimeUnixMs
        )
    }

    /// Seconds since the run's origin.
    public var elapsedSeconds: Double {
        let now = MonotonicClock.now()
        return now > origin ? Double(now - origin) / 1e9 : 0
    }

    /// Whether a stop was requested.
    public var isStopping: Bool { control.isStopping }

    /// Stops starting iterations; in-flight ones get their scenario's graceful stop. Returns false if a stop
    /// was already requested (a second Ctrl-C may then call `abort()`).
    @discardableResult
    public func requestStop() -> Bool { control.requestStop() }

    /// Ends every pending wait now; iterations cut short are not recorded.
    public func abort() { control.abort() }

    /// Runs the plan to its end (or until stopped) and returns the result.
    public func run(environment: RunEnvironment) async -> RunResult {
        let workers = (0..<options.workers).map { Worker(index: $0) }
        for worker in workers { worker.start() }
        let layout = plan.metricsLayout
        let usage = ResourceUsage.sample()
        let sampler = Task { await sampleResources() }
        // Monitors (server statistics, a target process): sampled once per second on their own thread.
        let monitors = MonitorSampler(
            monitors: registry.factories.flatMap { $0.monitors(for: plan) } + options.monitors,
            origin: origin,
            startTimeUnixMs: startTimeUnixMs
        )
        monitors.start()

        await withTaskGroup(of: Void.self) { group in
            for (index, worker) in workers.enumerated() {
                let share = options.segment.subdivided(part: index, of: workers.count)
                group.addTask(executorPreference: worker) { [plan, registry, collector, control, origin] in
                    // Published for protocols that split a per-scenario total (a connection pool) across workers.
                    worker.publish(share: share)
                    let runtimes = plan.scenarios.enumerated().map { scenarioIndex, scenario in
                        ScenarioRuntime(
                            index: scenarioIndex,
                            scenario: scenario,
                            firstStepSlot: layout.scenarios[scenarioIndex].firstStepSlot,
                            registry: registry,
                            origin: origin
                        )
                    }
                    await WorkerRun(
                        worker: worker,
                        plan: plan,
                        runtimes: runtimes,
                        share: share,
                        recorder: Recorder(layout: layout),
                        collector: collector,
                        control: control,
                        origin: origin
                    ).run()
                }
            }
        }
        let end = MonotonicClock.now()
        finished.store(true, ordering: .releasing)
        await sampler.value
        let monitorSeries = monitors.stop()
        for worker in workers { worker.shutdown() }
        collector.flush()

        let finalUsage = ResourceUsage.sample()
        let duration = end > origin ? Double(end - origin) / 1e9 : 0
        let cpuSeconds = finalUsage.cpuSeconds - usage.cpuSeconds
        var result = collector.makeResult(
            runID: RunIdentifier.make(),
            name: plan.name,
            status: control.isStopping ? .interrupted : .completed,
            startedAt: RFC3339.format(unixMilliseconds: startTimeUnixMs),
            durationSeconds: duration,
            environment: environment,
            cpuSeconds: cpuSeconds,
            peakRSSBytes: finalUsage.peakRSSBytes,
            warnings: GeneratorHealth.warnings(
                schedulingLag: collector.schedulingLag,
                cpuSeconds: cpuSeconds,
                durationSeconds: duration,
                usableCores: min(options.workers, RunOptions.defaultWorkerCount)
            )
        )
        result.monitors = monitorSeries.isEmpty ? nil : monitorSeries
        return result
    }

    private func sampleResources() async {
        var previous = ResourceUsage.sample()
        var second: Int64 = 0
        while !finished.load(ordering: .acquiring) {
            let next = origin + UInt64(second + 1) * 1_000_000_000
            let now = MonotonicClock.now()
            if next > now {
                // Short naps so the sampler ends promptly with the run; each folds what the workers submitted.
                try? await Task.sleep(nanoseconds: min(next - now, 100_000_000))
                collector.foldCompleted()
                continue
            }
            let usage = ResourceUsage.sample()
            let cpuPercent = (usage.cpuSeconds - previous.cpuSeconds) * 100
            collector.recordGenerator(
                t: startTimeUnixMs + second * 1000,
                cpuPercent: cpuPercent,
                rssBytes: usage.rssBytes
            )
            previous = usage
            second += 1
        }
    }
}
