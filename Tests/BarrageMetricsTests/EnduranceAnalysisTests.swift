import BarrageMetrics
import Testing

/// Trends and verdicts from a result's series: drift, leaks, stability and too-short runs.
struct EnduranceAnalysisTests {
    static let start: Int64 = 1_764_000_000_000

    /// A result of `seconds` seconds of one step, built through the collector once and its series then set
    /// point by point (building long runs sample by sample is slow in debug builds).
    static func result(
        seconds: Int,
        p95: (Int) -> Double,
        failures: (Int) -> UInt64 = { _ in 0 },
        rssBytes: (Int) -> UInt64 = { _ in 40_000_000 },
        monitors: [MonitorSeries]? = nil
    ) -> RunResult {
        let layout = MetricsLayout(scenarios: [
            (
                name: "soak", loadModel: "constant-users: 4 users",
                steps: [MetricsLayout.Step(name: "get", protocolName: "tcp")]
            )
        ])
        let collector = Collector(layout: layout, workerCount: 1, startTimeUnixMs: start)
        let recorder = Recorder(layout: layout)
        recorder.record(Sample(start: 1_000, end: 2_001_000), stepSlot: 0)
        collector.submit(recorder.takeInterval(index: 1))
        collector.flush()
        var result = collector.makeResult(
            runID: "soak",
            name: "soak",
            status: .completed,
            startedAt: "2025-11-24T16:00:00Z",
            durationSeconds: Double(seconds),
            environment: RunEnvironment(
                os: "test",
                kernel: "test",
                cpuModel: "test",
                cpuCores: 2,
                hostname: "test",
                barrageVersion: "test",
                commandLine: [],
                workers: 1
            ),
            cpuSeconds: 1,
            peakRSSBytes: 40_000_000,
            warnings: []
        )
        let template = result.scenarios[0].steps[0].series[0]
        result.scenarios[0].steps[0].series = (0..<seconds).map { second in
            var point = template
            point.t = start + Int64(second) * 1000
            point.count = 100
            point.failures = failures(second)
            point.p95 = p95(second)
            return point
        }
        result.generator.series = (0..<seconds).map { second in
            GeneratorSeriesPoint(
                t: start + Int64(second) * 1000,
                cpuPercent: 20,
                rssBytes: rssBytes(second),
                schedulingLagP99: 0.1
            )
        }
        result.monitors = monitors
        return result
    }

    /// ±`amplitude` of deterministic noise.
    static func noise(_ second: Int, _ amplitude: Double) -> Double {
        Double((second * 7919) % 11 - 5) / 5 * amplitude
    }

    @Test func latencyThatGrowsIsDriftWithTheRightSlope() throws {
        // 10 ms rising by 0.01 ms per second: 36 ms per hour, 360% of the starting level per hour.
        let result = Self.result(seconds: 600, p95: { 10 + 0.01 * Double($0) + Self.noise($0, 0.2) })
        let analysis = EnduranceAnalysis.analyse(result, limits: EnduranceLimits())
        let p95 = try #require(analysis.signals.first { $0.kind == .latency })
        #expect(p95.verdict == .drift)
        #expect(p95.scope == "soak / get")
        let slope = try #require(p95.slopePerHour)
        #expect(abs(slope - 36) < 2)
        #expect(try #require(p95.slopeLowPerHour) < slope && slope < (try #require(p95.slopeHighPerHour)))
        #expect(try #require(p95.changePercentPerHour) > 300)
        #expect(analysis.verdict == .drift)
        // The default warm-up leaves out the first 10% of the run.
        #expect(analysis.windowStartSeconds == 60)
        #expect(p95.points == 540)
    }

    @Test func flatNoisyLatencyIsStable() {
        let result = Self.result(seconds: 600, p95: { 10 + Self.noise($0, 0.5) })
        let analysis = EnduranceAnalysis.analyse(result, limits: EnduranceLimits())
        #expect(analysis.signals.allSatisfy { $0.verdict == .stable }, "\(analysis.signals.map(\.reason))")
        #expect(analysis.verdict == .stable)
        #expect(analysis.warnings.isEmpty)
    }

    @Test func growingGeneratorMemoryIsALeakWithAWarning() throws {
        // 40 MB growing 10 kB a second: 36 MB an hour, 90% of the starting level.
        let result = Self.result(seconds: 600, p95: { _ in 5 }, rssBytes: { 40_000_000 + UInt64($0) * 10_000 })
        let analysis = EnduranceAnalysis.analyse(result, limits: EnduranceLimits())
        let memory = try #require(analysis.signals.first { $0.kind == .generatorMemory })
        #expect(memory.verdict == .leak)
        #expect(abs(try #require(memory.slopePerHour) - 36_000_000) < 1)
        #expect(analysis.verdict == .leak)
        #expect(analysis.warnings.count == 1)
        #expect(analysis.warnings.first?.contains("generator memory grew") == true)
        // An absolute limit above the growth lets it pass.
        var limits = EnduranceLimits()
        limits.maxMemoryGrowth = TrendLimit(perHour: 64 * 1_048_576, relative: false)
        #expect(EnduranceAnalysis.analyse(result, limits: limits).verdict == .stable)
    }

    @Test func memoryThatGrewLessThanOneMebibyteIsNotALeak() throws {
        // 256 KiB more halfway through two minutes: significant and steep per hour, but not a leak.
        let result = Self.result(seconds: 120, p95: { _ in 5 }, rssBytes: { $0 < 60 ? 40_000_000 : 40_262_144 })
        let limits = EnduranceLimits(warmupSeconds: 0, minDurationSeconds: 60)
        let analysis = EnduranceAnalysis.analyse(result, limits: limits)
        let memory = try #require(analysis.signals.first { $0.kind == .generatorMemory })
        #expect(memory.verdict == .stable, "\(memory.reason)")
        #expect(memory.reason.contains("grew less than 1.00 MiB"))
        #expect(analysis.warnings.isEmpty)
    }

    @Test func risingErrorRateIsDrift() throws {
        // From 0 to 6% of 100 samples over ten minutes: 36 percentage points per hour.
        let result = Self.result(seconds: 600, p95: { _ in 5 }, failures: { UInt64($0 / 100) })
        let analysis = EnduranceAnalysis.analyse(result, limits: EnduranceLimits())
        let errors = try #require(analysis.signals.first { $0.kind == .errorRate })
        #expect(errors.verdict == .drift)
        #expect(abs(try #require(errors.slopePerHour) - 0.36) < 0.05)
    }

    @Test func monitorSeriesAreJudgedByKind() throws {
        let points = (0..<600).map { second in
            MonitorPoint(
                t: Self.start + Int64(second) * 1000,
                values: ["rss": 200 + Self.noise(second, 1)]
            )
        }
        let connections = (0..<600).map { second in
            MonitorPoint(t: Self.start + Int64(second) * 1000, values: ["idle": 5 + Double(second / 60), "active": 2])
        }
        let result = Self.result(
            seconds: 600,
            p95: { _ in 5 },
            monitors: [
                MonitorSeries(name: "memory", unit: "MiB", source: "process 42 (server)", points: points),
                MonitorSeries(name: "connections", unit: "connections", source: "postgres db", points: connections),
            ]
        )
        let analysis = EnduranceAnalysis.analyse(result, limits: EnduranceLimits())
        let memory = try #require(analysis.signals.first { $0.name == "memory.rss" })
        #expect(memory.kind == .memory && memory.verdict == .stable && memory.scope == "process 42 (server)")
        let idle = try #require(analysis.signals.first { $0.name == "connections.idle" })
        #expect(idle.kind == .connections && idle.verdict == .leak)
        let active = try #require(analysis.signals.first { $0.name == "connections.active" })
        #expect(active.verdict == .stable)
        #expect(analysis.verdict == .leak)
    }

    @Test func aShortRunIsInconclusiveEvenWhenItSlopes() throws {
        let result = Self.result(seconds: 40, p95: { 10 + 0.5 * Double($0) })
        let analysis = EnduranceAnalysis.analyse(result, limits: EnduranceLimits())
        #expect(analysis.verdict == .inconclusive)
        let p95 = try #require(analysis.signals.first { $0.kind == .latency })
        #expect(p95.verdict == .inconclusive)
        #expect(p95.reason.contains("needs 300 s"))
        // With limits made for a short run, the same data is drift.
        let short = EnduranceLimits(warmupSeconds: 2, minDurationSeconds: 10, minPoints: 10)
        #expect(EnduranceAnalysis.analyse(result, limits: short).verdict == .drift)
        // Too few points: inconclusive.
        let sparse = EnduranceLimits(warmupSeconds: 2, minDurationSeconds: 10, minPoints: 100)
        #expect(EnduranceAnalysis.analyse(result, limits: sparse).verdict == .inconclusive)
    }

    @Test func mergingRecomputesTheAnalysisWithThePartsLimits() throws {
        var part = Self.result(seconds: 600, p95: { 10 + 0.01 * Double($0) })
        let limits = EnduranceLimits(warmupSeconds: 30)
        part.endurance = EnduranceAnalysis.analyse(part, limits: limits)
        var other = part
        other.environments[0].segment = "1/2"
        part.environments[0].segment = "0/2"
        let merged = try RunResult.merge([part, other])
        let endurance = try #require(merged.endurance)
        #expect(endurance.limits == limits)
        #expect(endurance.windowStartSeconds == 30)
        #expect(endurance.verdict == .drift)
    }
}
