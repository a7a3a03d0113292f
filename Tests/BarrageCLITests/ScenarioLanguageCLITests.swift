import BarrageTarget
import Foundation
import Testing

/// The scenario language through the command line: `validate` lists every problem, `--env` picks an
/// environment, and secrets from the environment never reach the console or the result.
struct ScenarioLanguageCLITests {
    @Test func validateListsEveryProblemAndExitsTwo() async {
        let path = CLIHarness.file(
            """
            scenarios:
              a:
                load: {model: per-user-iterations, users: 1, iterations: 1}
                flow:
                  - tcp: {address: "127.0.0.1:9000", send: "${tokn}"}
                  - tcp: {address: "127.0.0.1:9000", sned: x}
            """
        )
        let outcome = await CLIHarness.run(["validate", path])
        #expect(outcome.status == 2)
        #expect(
            outcome.err.contains(
                "\(path):6:42: scenarios.a.flow[1].tcp.sned: unknown field 'sned'; did you mean 'send'?"
            )
        )
        #expect(outcome.err.contains("\(path):5:48: scenarios.a.flow[0].tcp.send: variable 'tokn' is not defined"))
        #expect(outcome.err.contains("2 problems"))
    }

    @Test func anEnvironmentChangesTheTargetAndAnUnknownOneIsBadInput() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral(threads: 1))
        let path = CLIHarness.file(
            """
            targets: {echo: "127.0.0.1:1"}
            environments:
              local: {targets: {echo: "127.0.0.1:\(server.ports.tcp)"}}
            scenarios:
              s:
                load: {model: per-user-iterations, users: 2, iterations: 5}
                flow:
                  - name: echo
                    tcp: {address: "${targets.echo}", send: "vu ${vu}\\n", read: line, expect: {regex: "^vu [12]$"}}
            """
        )
        let folder = CLIHarness.temporaryFolder()
        let passed = await CLIHarness.run(["run", path, "--env", "local", "--out", folder, "--quiet"])
        let wrong = await CLIHarness.run(["run", path, "--env", "lcoal", "--out", folder, "--quiet"])
        try await server.stop()
        #expect(passed.status == 0, "\(passed.err)")
        #expect(wrong.status == 2)
        #expect(wrong.err.contains("--env: no environment 'lcoal'; did you mean 'local'? the file has: local"))
    }

    @Test func anEnvironmentSecretNeverReachesTheConsoleOrTheResult() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral(threads: 1))
        setenv("BARRAGE_TEST_API_KEY", "k3y-do-not-print", 1)
        defer { unsetenv("BARRAGE_TEST_API_KEY") }
        let path = CLIHarness.file(
            """
            name: secret ${BARRAGE_TEST_API_KEY}
            scenarios:
              s:
                load: {model: per-user-iterations, users: 1, iterations: 3}
                flow:
                  - name: "send ${BARRAGE_TEST_API_KEY}"
                    tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "${BARRAGE_TEST_API_KEY}\\n", read: line}
            """
        )
        let folder = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run(["run", path, "--out", folder])
        try await server.stop()
        #expect(outcome.status == 0, "\(outcome.err)")
        #expect(outcome.out.contains("send ***"))
        let written = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(written.contains("result.json"))
        for name in written + ["console"] {
            let text =
                name == "console"
                ? outcome.out + outcome.err
                : ((try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? "")
            #expect(!text.contains("k3y-do-not-print"), "\(name) shows the secret")
        }
    }
}
