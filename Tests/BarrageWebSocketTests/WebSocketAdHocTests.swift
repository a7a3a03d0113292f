import BarrageCore
import BarrageMetrics
import BarrageTarget
import BarrageTesting
import BarrageWebSocket
import Foundation
import Testing

/// `barrage run --url ws://…`: the ad-hoc step, through the real executable and through the factory.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebSocketAdHocTests {
    /// Runs `barrage` with `arguments` to its end; its exit status and the result.json it wrote in `--out`.
    static func runBarrage(_ arguments: [String]) async throws -> (status: Int32, result: RunResult?) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barrage-ws-adhoc-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = try barrageExecutable()
        process.arguments = arguments + ["--quiet", "--out", folder.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        while process.isRunning { try await Task.sleep(nanoseconds: 50_000_000) }
        let data = try? Data(contentsOf: folder.appendingPathComponent("result.json"))
        return (process.terminationStatus, try data.map { try JSONDecoder().decode(RunResult.self, from: $0) })
    }

    @Test func anAdHocSendKeepsOneConnectionPerUserAndMeasuresEachAnswer() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let url = "ws://127.0.0.1:\(target.ports.ws)/echo"
        let run = try await Self.runBarrage([
            "run", "--url", url, "--send", "hello", "--users", "3", "--duration", "2s", "--header", "X-Run: ad-hoc",
        ])
        let stats = target.statistics.snapshot().listeners["ws"]
        try await target.stop()
        #expect(run.status == 0)
        let step = try #require(run.result?.scenarios.first?.steps.first)
        #expect(step.failures == 0, "\(step.errors)")
        #expect(step.successes > 3)
        #expect(step.bytesSent == step.successes * 5)
        #expect(step.bytesReceived == step.successes * 5)
        // One handshake per user: the 101s and the handshake phase count connections, the samples round trips.
        #expect(step.statuses == ["101": 3])
        #expect(step.phases.first { $0.name == "handshake" }?.histogram.count == 3)
        #expect(stats?.acceptedConnections == 3)
        #expect(stats.map { UInt64($0.messages) } == step.successes)
    }

    @Test func anAdHocURLWithoutSendOpensAConnectionPerIteration() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let run = try await Self.runBarrage([
            "run", "--url", "ws://127.0.0.1:\(target.ports.ws)/echo", "--iterations", "4",
        ])
        let stats = target.statistics.snapshot().listeners["ws"]
        try await target.stop()
        #expect(run.status == 0)
        let step = try #require(run.result?.scenarios.first?.steps.first)
        #expect(step.successes == 4, "\(step.errors)")
        #expect(step.statuses == ["101": 4])
        #expect(stats?.acceptedConnections == 4)
    }

    @Test func adHocOptionsOfOtherProtocolsAreRefused() throws {
        let factory = WebSocketClientFactory()
        #expect(throws: ConfigError.self) {
            try factory.adHocStep(AdHocRequest(protocolName: "ws", url: "ws://127.0.0.1:1/", body: "x"))
        }
        #expect(throws: ConfigError.self) {
            try factory.adHocStep(AdHocRequest(protocolName: "ws", url: "ws://127.0.0.1:1/", method: "GET"))
        }
        #expect(throws: ConfigError.self) {
            try factory.adHocStep(AdHocRequest(protocolName: "ws", url: "ws://127.0.0.1:1/", headers: ["no colon"]))
        }
        #expect(throws: ConfigError.self) {
            try factory.adHocStep(AdHocRequest(protocolName: "ws", url: "http://127.0.0.1:1/", send: "x"))
        }
        let step = try factory.adHocStep(
            AdHocRequest(protocolName: "wss", url: "wss://127.0.0.1:1/", send: "x", timeout: 2_000_000_000)
        )
        #expect(step.phaseNames == ["handshake"])
    }
}
