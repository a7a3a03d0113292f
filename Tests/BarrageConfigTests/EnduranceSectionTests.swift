import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageSocket
import Testing

/// The scenario file's `endurance:` section: defaults, every key, and errors with line and field path.
struct EnduranceSectionTests {
    let loader = PlanLoader(registry: ClientRegistry([SocketClientFactory()]))

    private func load(_ endurance: String) throws -> Plan {
        let yaml = """
            name: soak
            \(endurance)
            scenarios:
              s:
                load: {model: constant-users, users: 1, duration: 1s}
                flow:
                  - tcp: {address: "127.0.0.1:9000", send: "x\\n"}
            """
        return try loader.plan(from: try YAMLSource.parse(yaml, file: "soak.yaml"), fallbackName: "soak")
    }

    @Test func aFileWithoutTheSectionAsksForNoAnalysisAndAnEmptyOneForTheDefaults() throws {
        #expect(try load("").endurance == nil)
        #expect(try load("endurance: {}").endurance == EnduranceLimits())
        #expect(try load("endurance:").endurance == EnduranceLimits())
    }

    @Test func everyKeyIsRead() throws {
        let limits = try #require(
            try load(
                """
                endurance:
                  warmup: 2m
                  min_duration: 30m
                  min_points: 100
                  max_latency_drift: 25ms/h
                  max_error_rate_drift: 0.5%
                  max_memory_growth: 64MiB
                  max_cpu_drift: 5%/h
                  max_connection_growth: 3
                  max_monitor_drift: 50%
                """
            ).endurance
        )
        #expect(limits.warmupSeconds == 120)
        #expect(limits.minDurationSeconds == 1800)
        #expect(limits.minPoints == 100)
        #expect(limits.maxLatencyDrift == TrendLimit(perHour: 25, relative: false))
        #expect(limits.maxErrorRateDrift == TrendLimit(perHour: 0.005, relative: false))
        #expect(limits.maxMemoryGrowth == TrendLimit(perHour: 64 * 1_048_576, relative: false))
        #expect(limits.maxCPUDrift == .percent(5))
        #expect(limits.maxConnectionGrowth == TrendLimit(perHour: 3, relative: false))
        #expect(limits.maxMonitorDrift == .percent(50))
        // An absolute memory limit is kept in bytes and converted for series in MiB.
        #expect(limits.limit(for: .memory, unit: "MiB").perHour == 64)
        #expect(limits.limit(for: .generatorMemory, unit: "bytes").perHour == 64 * 1_048_576)
    }

    @Test func mistakesNameTheLineAndTheField() {
        func error(_ section: String) -> ConfigError? {
            do {
                _ = try load(section)
                return nil
            } catch {
                return error as? ConfigError
            }
        }
        let misspelt = error("endurance: {max_latency_drfit: 10%}")
        #expect(misspelt?.path == "endurance.max_latency_drfit")
        #expect(misspelt?.message.contains("max_latency_drift") == true)
        #expect(misspelt?.location.line == 2)
        let badLimit = error("endurance:\n  max_memory_growth: lots")
        #expect(badLimit?.path == "endurance.max_memory_growth")
        #expect(badLimit?.location.line == 3)
        #expect(badLimit?.message.contains("64MiB") == true)
        #expect(error("endurance: {min_points: 2}")?.message.contains("at least 3") == true)
        #expect(error("endurance: {warmup: soon}")?.path == "endurance.warmup")
        #expect(error("endurance: {max_latency_drift: -5%}")?.path == "endurance.max_latency_drift")
    }
}
