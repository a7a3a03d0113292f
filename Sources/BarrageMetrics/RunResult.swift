/// Everything a run measured: the one document every report, merge and comparison reads.
///
/// Codable and versioned (`schemaVersion`, documented in docs/results.md). Histograms are kept whole, so
/// results of several processes merge into exactly the result one process would have produced.
public struct RunResult: Codable, Sendable, Equatable {
    /// The schema version this build writes.
    public static let currentSchemaVersion = 1

    /// The schema version of this document.
    public var schemaVersion: Int
    /// A unique identifier of the run.
    public var runID: String
    /// The plan's name.
    public var name: String
    /// How the run ended.
    public var status: RunStatus
    /// Start, Unix time in milliseconds.
    public var startTimeUnixMs: Int64
    /// Start as an RFC 3339 UTC timestamp.
    public var startedAt: String
    /// How long the run measured, seconds.
    public var durationSeconds: Double
    /// Where it ran: one entry per process that contributed (one unless merged).
    public var environments: [RunEnvironment]
    /// The generator's own health.
    public var generator: GeneratorResult
    /// Per scenario.
    public var scenarios: [ScenarioResult]
    /// Series sampled by monitors once per second (server statistics, a target process); nil when the run had
    /// no monitor.
    public var monitors: [MonitorSeries]?
    /// The thresholds' verdicts; absent when the scenario declared none (schema version 1 readers ignore it).
    public var thresholds: ThresholdsResult?
    /// The test type the run was (`smoke`, `load`, `stress`, `endurance`, `spike`, or a custom preset's name),
    /// when it ran under a preset (`--profile`, `extends:`).
    public var testType: String?
    /// What a stress search found; absent unless the run had a `stress:` section.
    public var stress: StressOutcome?
    /// What a spike test measured; absent unless the run had a `spike:` section.
    public var spike: SpikeOutcome?

    /// Trends and verdicts of an endurance analysis (drift, leaks); absent unless the run asked for one (an
    /// `endurance:` section or `--endurance`). Added within schema version 1: older files simply lack it.
    public var endurance: EnduranceResult?

    /// Makes a result.
    public init(
        runID: String,
        name: String,
        status: RunStatus,
        startTimeUnixMs: Int64,
        startedAt: String,
        durationSeconds: Double,
        environments: [RunEnvironment],
        generator: GeneratorResult,
        scenarios: [ScenarioResult],
        thresholds: ThresholdsResult? = nil
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.runID = runID
        self.name = name
        self.status = status
        self.startTimeUnixMs = startTimeUnixMs
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.environments = environments
        self.generator = generator
        self.scenarios = scenarios
        self.thresholds = thresholds
    }

    /// Every step of every scenario, with its scenario's name.
    public var allSteps: [(scenario: String, step: StepResult)] {
        scenarios.flatMap { scenario in scenario.steps.map { (scenario.name, $0) } }
    }

    /// Samples that failed, over every step (group rows, which repeat their steps' outcomes, left out).
    public var totalFailures: UInt64 { allSteps.reduce(0) { $0 + ($1.step.isGroup ? 0 : $1.step.failures) } }
    /// Samples, over every step (group rows left out).
    public var totalSamples: UInt64 { allSteps.reduce(0) { $0 + ($1.step.isGroup ? 0 : $1.step.count) } }
}

/// How a run ended.
public enum RunStatus: String, Codable, Sendable {
    /// Every load model ran to its end.
    case completed
    /// Stopped early by SIGINT/SIGTERM; what was measured until then is kept.
    case interrupted
    /// Stopped early by a failed threshold marked `abort_on_fail`.
    case aborted
}

/// Where a run (or one part of a distributed run) took place.
public struct RunEnvironment: Codable, Sendable, Equatable {
    /// Operating system, e.g. "Debian GNU/Linux 12 (bookworm)".
    public var os: String
    /// Kernel release.
    public var kernel: String
    /// CPU model name.
    public var cpuModel: String
    /// Online CPU cores.
    public var cpuCores: Int
    /// Host name.
    public var hostname: String
    /// Barrage's version.
    public var barrageVersion: String
    /// The command line, with secrets redacted.
    public var commandLine: [String]
    /// Worker threads the run used.
    public var workers: Int
    /// This process's share of a distributed run, "i/N"; "0/1" for a whole run.
    public var segment: String

    /// Makes an environment block.
    public init(
        os: String,
        kernel: String,
        cpuModel: String,
        cpuCores: Int,
        hostname: String,
        barrageVersion: String,
        commandLine: [String],
        workers: Int,
        segment: String = "0/1"
    ) {
        self.os = os
        self.kernel = kernel
        self.cpuModel = cpuModel
        self.cpuCores = cpuCores
        self.hostname = hostname
        self.barrageVersion = barrageVersion
        self.commandLine = commandLine
        self.workers = workers
        self.segment = segment
    }
}

/// The generator's own health: can its numbers be trusted?
public struct GeneratorResult: Codable, Sendable, Equatable {
    /// How late iterations started and timers fired, against when they were meant to.
    public var schedulingLag: LatencySummary
    /// The lag histogram (µs buckets), for exact merging.
    public var schedulingLagHistogram: LatencyHistogram
    /// CPU seconds the generator used (user + system).
    public var cpuSeconds: Double
    /// The largest resident memory seen, bytes.
    public var peakRSSBytes: UInt64
    /// Per second.
    public var series: [GeneratorSeriesPoint]
    /// Reasons the numbers may not be trustworthy (overloaded generator, late scheduling); empty when fine.
    public var warnings: [String]

    /// Makes a generator block.
    public init(
        schedulingLagHistogram: LatencyHistogram,
        cpuSeconds: Double,
        peakRSSBytes: UInt64,
        series: [GeneratorSeriesPoint],
        warnings: [String]
    ) {
        self.schedulingLag = LatencySummary(schedulingLagHistogram)
        self.schedulingLagHistogram = schedulingLagHistogram
        self.cpuSeconds = cpuSeconds
        self.peakRSSBytes = peakRSSBytes
        self.series = series
        self.warnings = warnings
    }
}

/// One scenario's results.
public struct ScenarioResult: Codable, Sendable, Equatable {
    /// The scenario's name.
    public var name: String
    /// Its load model, described in one line.
    public var loadModel: String
    /// Iterations completed.
    public var iterations: UInt64
    /// Iterations in which a step failed.
    public var failedIterations: UInt64
    /// Open-model arrivals that could not start on time.
    public var droppedIterations: UInt64
    /// The most VUs that ran at once (summed over workers' peaks: an upper bound).
    public var peakVUs: Int
    /// Iteration durations (from the intended start in open models).
    public var iterationDuration: LatencySummary
    /// Iteration durations' histogram, µs buckets.
    public var iterationHistogram: LatencyHistogram
    /// Per step, in flow order.
    public var steps: [StepResult]
    /// Per second.
    public var series: [ScenarioSeriesPoint]

    /// Makes a scenario result from its counters.
    public init(
        name: String,
        loadModel: String,
        counters: ScenarioCounters,
        peakVUs: Int,
        steps: [StepResult],
        series: [ScenarioSeriesPoint]
    ) {
        self.name = name
        self.loadModel = loadModel
        iterations = counters.iterations.count
        failedIterations = counters.iterations.failures
        droppedIterations = counters.droppedIterations
        self.peakVUs = peakVUs
        iterationDuration = LatencySummary(counters.iterations.latency)
        iterationHistogram = counters.iterations.latency
        self.steps = steps
        self.series = series
    }
}

/// One step's results.
public struct StepResult: Codable, Sendable, Equatable {
    /// The step's name.
    public var name: String
    /// The protocol that executed it.
    public var protocolName: String
    /// Samples.
    public var count: UInt64
    /// Samples that succeeded.
    public var successes: UInt64
    /// Samples that failed.
    public var failures: UInt64
    /// failures / count, 0 when there were no samples.
    public var errorRate: Double
    /// Samples per second over the run's duration.
    public var rate: Double
    /// Payload bytes sent.
    public var bytesSent: UInt64
    /// Payload bytes received.
    public var bytesReceived: UInt64
    /// Failures by error kind name.
    public var errors: [String: UInt64]
    /// Answers by protocol status code (HTTP statuses, as text keys); absent for protocols without one.
    public var statuses: [String: UInt64]?

    /// Whether this row is a group's (its samples span the group's steps), not a protocol step's.
    public var isGroup: Bool { protocolName == MetricsLayout.groupProtocolName }
    /// Latency of every sample, ms.
    public var latency: LatencySummary
    /// The latency histogram, µs buckets.
    public var histogram: LatencyHistogram
    /// Per declared phase.
    public var phases: [PhaseResult]
    /// Per second.
    public var series: [SeriesPoint]

    /// Makes a step result from what was measured over `durationSeconds`.
    public init(
        step: MetricsLayout.Step,
        measurements: StepMeasurements,
        durationSeconds: Double,
        series: [SeriesPoint]
    ) {
        name = step.name
        protocolName = step.protocolName
        count = measurements.count
        successes = measurements.successes
        failures = measurements.failures
        errorRate = measurements.count == 0 ? 0 : Double(measurements.failures) / Double(measurements.count)
        rate = durationSeconds > 0 ? Double(measurements.count) / durationSeconds : 0
        bytesSent = measurements.bytesSent
        bytesReceived = measurements.bytesReceived
        errors = Dictionary(uniqueKeysWithValues: measurements.errors.map { ($0.key.name, $0.value) })
        statuses =
            measurements.statuses.isEmpty
            ? nil : Dictionary(uniqueKeysWithValues: measurements.statuses.map { (String($0.key), $0.value) })
        latency = LatencySummary(measurements.latency)
        histogram = measurements.latency
        phases = zip(step.phaseNames, measurements.phases).map { PhaseResult(name: $0, histogram: $1) }
        self.series = series
    }
}

/// One protocol phase of a step (connect, TLS, first byte …).
public struct PhaseResult: Codable, Sendable, Equatable {
    /// The phase's name.
    public var name: String
    /// Its durations, ms.
    public var latency: LatencySummary
    /// Its histogram, µs buckets.
    public var histogram: LatencyHistogram

    /// Summarises a phase's histogram.
    public init(name: String, histogram: LatencyHistogram) {
        self.name = name
        self.latency = LatencySummary(histogram)
        self.histogram = histogram
    }
}
