import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct RunCommandTests {
    @Test func anUnreachablePortCompletesTheRunAndExitsOne() async throws {
        let folder = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run([
            "run", "--url", "tcp://127.0.0.1:9", "--send", "x\\n", "--users", "2", "--duration", "1s", "--quiet",
            "--out", folder,
        ])
        #expect(outcome.status == 1)
        let result = try RunResult.read(path: folder + "/result.json")
        #expect(result.status == .completed)
        #expect(result.scenarios[0].steps[0].errors.keys.sorted() == ["connect_refused"])
        #expect(outcome.out.contains("errors: connect_refused"))
        #expect(outcome.out.contains("result: \(folder)/result.json"))
    }

    @Test func aScenarioFileRunsEveryScenarioAndWritesTheResult() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let path = CLIHarness.file(
            """
            name: both
            scenarios:
              lines:
                load: {model: constant-users, users: 5, duration: 2s}
                flow:
                  - name: ping
                    tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line, expect: {equals: ping}}
              datagrams:
                load: {model: constant-rate, rate: 200, duration: 2s}
                flow:
                  - name: hello
                    udp: {address: "127.0.0.1:\(server.ports.udp)", send: hello}
            """
        )
        let folder = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run(["run", path, "--out", folder, "--workers", "2"])
        try await server.stop()
        #expect(outcome.status == 0, "\(outcome.err)")
        let result = try RunResult.read(path: folder + "/result.json")
        #expect(result.name == "both")
        #expect(result.scenarios.map(\.name) == ["lines", "datagrams"])
        #expect(result.scenarios[0].steps[0].count > 100)
        #expect(result.scenarios[1].steps[0].count + result.scenarios[1].droppedIterations == 400)
        #expect(result.environments[0].workers == 2)
        #expect(result.environments[0].commandLine.first == "barrage")
        #expect(!result.generator.series.isEmpty)
        #expect(outcome.out.contains("lines      ping"))
    }

    @Test func secretsOnTheCommandLineAreRedactedInTheResult() async throws {
        let folder = CLIHarness.temporaryFolder()
        _ = await CLIHarness.run([
            "run", "--url", "tcp://127.0.0.1:9", "--users", "1", "--duration", "1s", "--quiet", "--out", folder,
            "--header", "Authorization: Bearer s3cr3t-token",
        ])
        let text = try String(contentsOfFile: folder + "/result.json", encoding: .utf8)
        #expect(!text.contains("s3cr3t-token"))
        #expect(text.contains("Authorization: [redacted]"))
    }

    @Test func aPasswordInTheURLReachesNeitherTheSummaryNorTheResult() async throws {
        let folder = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run([
            "run", "--url", "tcp://user:hunter2@127.0.0.1:9", "--users", "1", "--duration", "1s", "--quiet", "--out",
            folder,
        ])
        #expect(outcome.status == 2 || outcome.status == 1)
        #expect(!outcome.out.contains("hunter2") && !outcome.err.contains("hunter2"))
        if let text = try? String(contentsOfFile: folder + "/result.json", encoding: .utf8) {
            #expect(!text.contains("hunter2"))
        }
    }

    @Test func validateAcceptsAGoodFileAndClientsListsTheProtocols() async {
        let path = CLIHarness.file(
            """
            scenarios:
              echo:
                load: {model: per-user-iterations, users: 2, iterations: 3}
                flow: [{tcp: {address: "127.0.0.1:9000", send: "x"}}]
            """
        )
        let validate = await CLIHarness.run(["validate", path])
        #expect(validate.status == 0)
        #expect(validate.out.contains("ok — 1 scenario(s), 1 step(s)"))
        let clients = await CLIHarness.run(["clients"])
        #expect(clients.status == 0)
        #expect(clients.out.contains("tcp"))
        #expect(clients.out.contains("udp"))
    }
}
