import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// `barrage run` with an `endurance:` section against the embedded target: drift is found when the target's
/// latency grows by design, and not when it does not. Both runs use the same limits, made for a 20-second run:
/// the latency limit is a tenth of the designed growth (5 ms/s = 18,000 ms/h), far above what a busy machine's
/// noise extrapolates to. Serialized: two runs at once on a small machine would disturb each other's latency.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct EnduranceRunTests {
    /// A closed-loop TCP echo scenario of `seconds` with an endurance section made for a short run.
    private func scenario(port: Int, seconds: Int) -> String {
        CLIHarness.file(
            """
            name: soak
            endurance:
              warmup: 3s
              min_duration: 10s
              min_points: 10
              max_latency_drift: 1800ms/h
            scenarios:
              echo:
                load: {model: constant-users, users: 4, duration: \(seconds)s}
                graceful_stop: 1s
                flow:
                  - name: ping
                    tcp: {address: "127.0.0.1:\(port)", send: "ping\\n", read: line, timeout: 5s}
            """
        )
    }

    /// Runs the 20 s endurance scenario against a target with `faults` on its TCP port; the run's outcome, its
    /// folder and its result.
    func runAgainst(_ faults: FaultSet) async throws -> (outcome: CLIHarness.Outcome, folder: String, result: RunResult)
    {
        let server = try await TargetServer.start(.ephemeral(faults: faults))
        let folder = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run([
            "run", scenario(port: server.ports.tcp, seconds: 20), "--quiet", "--workers", "1", "--out", folder,
        ])
        try await server.stop()
        #expect(outcome.status == 0, "\(outcome.err)")
        return (outcome, folder, try RunResult.read(path: "\(folder)/result.json"))
    }

    @Test func latencyThatGrowsByDesignIsCalledDriftWithItsSlope() async throws {
        // 10 ms at first, 5 ms more every second: the p95 should rise by about 5 ms/s, 18,000 ms an hour.
        var faults = FaultSet()
        faults.tcp.latency = LatencyFault(.fixed(ms: 10), growthMsPerSecond: 5)
        let (outcome, folder, result) = try await runAgainst(faults)
        let endurance = try #require(result.endurance)
        #expect(endurance.verdict == .drift, "\(endurance.signals.map(\.reason))")
        let p95 = try #require(endurance.signals.first { $0.kind == .latency })
        #expect(p95.verdict == .drift)
        let slope = try #require(p95.slopePerHour)
        #expect(slope > 18_000 * 0.6 && slope < 18_000 * 1.4, "p95 slope \(slope) ms/h")
        #expect(try #require(p95.slopeLowPerHour) > 0)
        #expect(outcome.out.contains("endurance: DRIFT"))
        // The reports show it too.
        let html = try String(contentsOfFile: "\(folder)/report.html", encoding: .utf8)
        #expect(html.contains("id=\"endurance\"") && html.contains("data-chart=\"endurance-0\""))
        let markdown = try String(contentsOfFile: "\(folder)/summary.md", encoding: .utf8)
        #expect(markdown.contains("**Endurance: ❌ drift**"))
        let csv = try String(contentsOfFile: "\(folder)/endurance.csv", encoding: .utf8)
        #expect(csv.contains("p95,echo / ping,latency,ms"))
    }

    @Test func steadyLatencyIsNotDriftAndTheGeneratorMemoryStaysFlat() async throws {
        // The same 10 ms, not growing.
        var faults = FaultSet()
        faults.tcp.latency = .fixed(ms: 10)
        let (outcome, _, result) = try await runAgainst(faults)
        let endurance = try #require(result.endurance)
        let p95 = try #require(endurance.signals.first { $0.kind == .latency })
        #expect(p95.verdict == .stable, "\(p95.reason)")
        #expect(endurance.verdict == .stable, "\(endurance.signals.map(\.reason))")
        let memory = try #require(endurance.signals.first { $0.kind == .generatorMemory })
        #expect(memory.verdict == .stable, "\(memory.reason)")
        #expect(endurance.warnings.isEmpty)
        #expect(!outcome.out.contains("generator memory grew"))
    }

    @Test func theFlagAndTheEndurancePresetTypeAskForTheAnalysisWithTheDefaults() async throws {
        let server = try await TargetServer.start(.ephemeral())
        let flagged = CLIHarness.temporaryFolder()
        let adHoc = await CLIHarness.run([
            "run", "--url", "tcp://127.0.0.1:\(server.ports.tcp)", "--send", "x\\n", "--duration", "2s", "--quiet",
            "--workers", "1", "--out", flagged, "--endurance",
        ])
        #expect(adHoc.status == 0, "\(adHoc.err)")
        let typed = CLIHarness.temporaryFolder()
        let path = CLIHarness.file(
            """
            test_type: endurance
            scenarios:
              s:
                load: {model: constant-users, users: 1, duration: 2s}
                flow: [{tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "x\\n", read: line}}]
            """
        )
        let preset = await CLIHarness.run(["run", path, "--quiet", "--workers", "1", "--out", typed])
        try await server.stop()
        #expect(preset.status == 0, "\(preset.err)")
        for folder in [flagged, typed] {
            let endurance = try #require(try RunResult.read(path: "\(folder)/result.json").endurance)
            #expect(endurance.limits == EnduranceLimits())
            // Two seconds are far below the default five minutes: nothing is judged.
            #expect(endurance.verdict == .inconclusive)
        }
        let plain = try RunResult.read(path: try await Self.anyResult(in: CLIHarness.temporaryFolder()))
        #expect(plain.endurance == nil)
    }

    @Test func validateNamesTheAnalysisAndRefusesAMistakeWithItsLine() async {
        let good = await CLIHarness.run(["validate", scenario(port: 9000, seconds: 5)])
        #expect(good.status == 0, "\(good.err)")
        #expect(good.out.contains("an endurance analysis"))
        let path = CLIHarness.file(
            """
            endurance:
              max_memory_growth: plenty
            scenarios:
              s:
                load: {model: constant-users, users: 1, duration: 1s}
                flow: [{tcp: {address: "127.0.0.1:9000", send: "x\\n"}}]
            """
        )
        let bad = await CLIHarness.run(["validate", path])
        #expect(bad.status == 2)
        #expect(bad.err.contains("scenario.yaml:2:"), "\(bad.err)")
        #expect(bad.err.contains("endurance.max_memory_growth"), "\(bad.err)")
    }

    @Test func compareReportsAnEnduranceRegression() async throws {
        // Two results analysed from the same series: the baseline stable, the current one drifting.
        let folder = CLIHarness.temporaryFolder()
        let path = try await Self.anyResult(in: folder)
        var steady = try RunResult.read(path: path)
        steady.endurance = EnduranceResult(
            verdict: .stable,
            windowStartSeconds: 0,
            windowEndSeconds: 1,
            limits: EnduranceLimits(),
            signals: [
                EnduranceSignal(
                    name: "p95",
                    scope: "s / x",
                    kind: .latency,
                    unit: "ms",
                    points: 40,
                    slopePerHour: 0.1,
                    limitPerHour: 1,
                    limitText: "10%/h",
                    verdict: .stable,
                    reason: "flat"
                )
            ],
            warnings: []
        )
        var drifting = steady
        drifting.endurance?.verdict = .drift
        drifting.endurance?.signals[0].verdict = .drift
        drifting.endurance?.signals[0].slopePerHour = 50
        try steady.write(to: "\(folder)/base.json")
        try drifting.write(to: "\(folder)/current.json")
        let outcome = await CLIHarness.run(["compare", "\(folder)/base.json", "\(folder)/current.json"])
        #expect(outcome.status == 1)
        #expect(outcome.out.contains("endurance: stable → drift"))
        #expect(outcome.out.contains("REGRESSION"))
        let same = await CLIHarness.run(["compare", "\(folder)/base.json", "\(folder)/base.json"])
        #expect(same.status == 0, "\(same.out)")
    }

    /// Runs a one-second load against the embedded target into `folder` and returns its result.json.
    static func anyResult(in folder: String) async throws -> String {
        let server = try await TargetServer.start(.ephemeral())
        let outcome = await CLIHarness.run([
            "run", "--url", "tcp://127.0.0.1:\(server.ports.tcp)", "--send", "x\\n", "--duration", "1s", "--quiet",
            "--workers", "1", "--out", folder,
        ])
        try await server.stop()
        #expect(outcome.status == 0, "\(outcome.err)")
        return "\(folder)/result.json"
    }
}
