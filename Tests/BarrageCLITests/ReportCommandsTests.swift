import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// `barrage report`, `merge` and `compare` on results of real runs.
@Suite(.timeLimit(.minutes(2)))
struct ReportCommandsTests {
    /// Runs a short TCP load against the embedded target and returns its results folder.
    private func runLoad(port: Int, users: Int, latencyFolder: String? = nil) async -> String {
        let folder = latencyFolder ?? CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run([
            "run", "--url", "tcp://127.0.0.1:\(port)", "--send", "x\\n", "--users", "\(users)", "--duration", "1s",
            "--quiet", "--workers", "1", "--out", folder,
        ])
        #expect(outcome.status == 0, "\(outcome.err)")
        return folder
    }

    @Test func aRunWritesEveryReportAndReportWritesThemAgainFromResultJSONAlone() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let folder = await runLoad(port: server.ports.tcp, users: 2)
        try await server.stop()
        let outputs = [
            "result.json", "stats.csv", "history.csv", "monitors.csv", "endurance.csv", "report.html", "summary.md",
            "junit.xml",
        ]
        for name in outputs { #expect(FileManager.default.fileExists(atPath: "\(folder)/\(name)"), "\(name)") }

        let again = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run(["report", folder, "--out", again])
        #expect(outcome.status == 0)
        for name in outputs.dropFirst() {
            let first = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
            let second = try Data(contentsOf: URL(fileURLWithPath: "\(again)/\(name)"))
            #expect(first == second, "\(name) differs when regenerated")
        }
    }

    @Test func mergeAddsTheCountsOfItsParts() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let one = await runLoad(port: server.ports.tcp, users: 1)
        let two = await runLoad(port: server.ports.tcp, users: 2)
        try await server.stop()
        let merged = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run(["merge", one, two, "-o", merged])
        #expect(outcome.status == 0, "\(outcome.err)")
        let parts = try [one, two].map { try RunResult.read(path: "\($0)/result.json") }
        let result = try RunResult.read(path: "\(merged)/result.json")
        #expect(result.totalSamples == parts[0].totalSamples + parts[1].totalSamples)
        #expect(result.environments.count == 2)
        #expect(FileManager.default.fileExists(atPath: "\(merged)/report.html"))
    }

    @Test func compareFailsOnALatencyRegressionAndPassesOnItself() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let fast = await runLoad(port: server.ports.tcp, users: 1)
        var faults = FaultSet()
        faults.tcp.latency = .fixed(ms: 20)
        server.faults.replace(with: faults)
        let slow = await runLoad(port: server.ports.tcp, users: 1)
        try await server.stop()

        let same = await CLIHarness.run(["compare", fast, fast])
        #expect(same.status == 0)
        let regressed = await CLIHarness.run(["compare", fast, slow, "--max-regression", "10%"])
        #expect(regressed.status == 1)
        #expect(regressed.out.contains("p95"))
        let missing = await CLIHarness.run(["compare", fast, "/nonexistent"])
        #expect(missing.status == 2)
    }
}
