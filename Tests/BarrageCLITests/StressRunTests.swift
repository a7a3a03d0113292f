import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// The stress search and the spike test against the embedded target with a known capacity (its `capacity`
/// fault: 400 answers per second with a queue in front), so the knee and the recovery are known in advance.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct StressRunTests {
    static let capacity = 400.0

    static func target() async throws -> TargetServer {
        var configuration = TargetConfiguration.ephemeral()
        try FaultFlag.apply("tcp.capacity=\(Int(capacity))", to: &configuration.faults)
        return try await TargetServer.start(configuration)
    }

    @Test func theStressExampleFindsTheKneeWithinTenPercentAndMeasuresRecovery() async throws {
        let server = try await Self.target()
        // examples/stress-tcp.yaml, run as its comment says.
        setenv("BARRAGE_TCP_PORT", String(server.ports.tcp), 1)
        defer { unsetenv("BARRAGE_TCP_PORT") }
        let path = ResultSchemaCheck.repository.appendingPathComponent("examples/stress-tcp.yaml").path
        let folder = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run(["run", path, "--quiet", "--out", folder, "--workers", "1"])
        try await server.stop()
        let result = try RunResult.read(path: folder + "/result.json")
        let stress = try #require(result.stress, "\(outcome.out)\(outcome.err)")
        #expect(result.testType == "stress")
        #expect(stress.ended == "converged", "\(outcome.out)")
        #expect(outcome.status == 0, "a search that converged and recovered passes: \(outcome.err)")
        let breaking = try #require(stress.breakingPointRate, "\(outcome.out)")
        let sustainable = try #require(stress.maxSustainableRate, "\(outcome.out)")
        #expect(abs(breaking - Self.capacity) / Self.capacity <= 0.1, "breaking point \(breaking)/s\n\(outcome.out)")
        #expect(abs(sustainable - Self.capacity) / Self.capacity <= 0.1, "sustainable \(sustainable)/s\n\(outcome.out)")
        #expect(sustainable < breaking)
        #expect(stress.firstFailureKind == "latency", "\(outcome.out)")
        let throughput = try #require(stress.maxSustainableThroughput)
        #expect(throughput <= Self.capacity * 1.05, "nothing completes faster than the capacity: \(throughput)/s")
        // After the 800/s step, the queue built in 3 s drains at capacity minus the recovery rate.
        let first = try #require(stress.recoveries.first)
        let seconds = try #require(first.recoverySeconds, "\(outcome.out)")
        #expect(seconds > 0 && seconds < 20, "recovered in \(seconds) s")
        #expect(outcome.out.contains("breaking point: "), "\(outcome.out)")
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("<h2>Stress search</h2>") && html.contains("Breaking point"))
        let markdown = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(markdown.contains("**Stress search**") && markdown.contains("- Breaking point: "))
        #expect(try ResultSchemaCheck.problems(folder + "/result.json") == "")
        #expect(outcome.out.contains("max sustainable: "), "\(outcome.out)")
    }

    @Test func aSpikeAboveCapacityIsMeasuredAndItsRecoveryTimed() async throws {
        let server = try await Self.target()
        // 100/s, then 5× (500/s, over the capacity of 400/s) for 4 s: a queue of about 400 builds up and
        // drains at 300/s once the load is back at 100/s: about 1.3 s.
        let path = CLIHarness.file(
            """
            name: spike
            extends: spike
            spike: {multiplier: 5, before: 5s, warmup: 1s, ramp: 1s, during: 4s, after: 8s, recovery: {hold: 2s}}
            scenarios:
              echo:
                load: {model: constant-rate, rate: 100, duration: 10s, max_in_flight: 300}
                flow:
                  - name: ping
                    tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line, timeout: 10s}
            """
        )
        let folder = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run(["run", path, "--quiet", "--out", folder, "--workers", "1"])
        try await server.stop()
        let result = try RunResult.read(path: folder + "/result.json")
        let spike = try #require(result.spike, "\(outcome.out)\(outcome.err)")
        #expect(result.testType == "spike")
        #expect(spike.before.iterationsPerSecond > 90 && spike.before.iterationsPerSecond < 110)
        #expect(spike.during.iterationsPerSecond <= Self.capacity * 1.05, "\(spike.during)")
        #expect(spike.during.p95Ms > spike.before.p95Ms * 10, "the spike overloads: \(spike.during.p95Ms) ms")
        let seconds = try #require(spike.recoverySeconds, "\(outcome.out)")
        #expect(seconds > 0.3 && seconds < 6, "recovered in \(seconds) s\n\(outcome.out)")
        #expect(outcome.out.contains("recovered"), "\(outcome.out)")
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("<h2>Spike</h2>") && html.contains("p95 during"))
        #expect(try ResultSchemaCheck.problems(folder + "/result.json") == "")
    }

    @Test func everyPresetWrapsAPlainScenario() async throws {
        let path = CLIHarness.file(
            """
            name: plain
            scenarios:
              closed:
                load: {model: constant-users, users: 4, duration: 30s}
                flow: [{name: ping, tcp: {address: "127.0.0.1:9", send: "x"}}]
              open:
                load: {model: constant-rate, rate: 50, duration: 30s}
                flow: [{name: ping, tcp: {address: "127.0.0.1:9", send: "x"}}]
            """
        )
        let expected = [
            "smoke": "ramping-users: 1 → 1 over 30s",
            "load": "ramping-users: 0 → 4 over 1m → 4 over 30s → 0 over 30s",
            "endurance": "ramping-users: 0 → 4 over 2m → 4 over 1h",
            "spike": "ramping-users: 4 → 4 over 1m → 20 over 1s → 20 over 30s → 4 over 1s → 4 over 2m",
            "stress": "controlled-rate: 50% of a rate the stress search sets",
        ]
        for (preset, summary) in expected {
            let outcome = await CLIHarness.run(["validate", path, "--profile", preset])
            #expect(outcome.status == 0, "\(preset): \(outcome.err)")
            #expect(outcome.out.contains("test type: \(preset)"), "\(preset): \(outcome.out)")
            #expect(outcome.out.contains(summary), "\(preset): \(outcome.out)")
        }
    }

    @Test func anUnknownPresetIsNamedWithTheNearestOne() async {
        let path = CLIHarness.file(
            """
            extends: strss
            scenarios:
              s:
                load: {model: constant-users, users: 1, duration: 1s}
                flow: [{name: ping, tcp: {address: "127.0.0.1:9", send: "x"}}]
            """
        )
        let outcome = await CLIHarness.run(["validate", path])
        #expect(outcome.status == 2)
        #expect(outcome.err.contains("scenario.yaml:1:"), "\(outcome.err)")
        #expect(outcome.err.contains("no preset named 'strss'; did you mean 'stress'?"), "\(outcome.err)")
    }

    @Test func aStressSearchRefusesToRunAsASegment() async {
        let path = CLIHarness.file(
            """
            extends: stress
            scenarios:
              s:
                load: {model: constant-rate, rate: 10, duration: 1s}
                flow: [{name: ping, tcp: {address: "127.0.0.1:9", send: "x"}}]
            """
        )
        let outcome = await CLIHarness.run(["run", path, "--segment", "0/2", "--quiet"])
        #expect(outcome.status == 2)
        #expect(outcome.err.contains("runs in one process"), "\(outcome.err)")
    }
}
