import Foundation
import Testing

struct BadInputTests {
    /// One clear line on standard error, exit code 2, nothing on standard output, no stack trace.
    private func expectOneError(
        _ outcome: CLIHarness.Outcome,
        _ expected: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(outcome.status == 2, sourceLocation: sourceLocation)
        #expect(outcome.err == "error: \(expected)\n", sourceLocation: sourceLocation)
        #expect(outcome.out.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func aMissingFileExitsTwoNamingIt() async {
        let outcome = await CLIHarness.run(["run", "/nonexistent/tcp.yaml"])
        expectOneError(outcome, "/nonexistent/tcp.yaml: no such file")
    }

    @Test func aYAMLSyntaxErrorExitsTwoWithLineAndColumn() async {
        let path = CLIHarness.file("scenarios:\n  echo:\n    load: [oops\n")
        let outcome = await CLIHarness.run(["run", path])
        #expect(outcome.status == 2)
        #expect(outcome.err.hasPrefix("error: \(path):4:1: YAML syntax error"))
        #expect(outcome.err.split(separator: "\n").count == 1)
    }

    @Test func anUnknownFieldExitsTwoWithTheNearestName() async {
        let path = CLIHarness.file(
            """
            scenarios:
              echo:
                load: {model: constant-users, users: 1, duraton: 1s}
                flow: [{tcp: {address: "127.0.0.1:9"}}]
            """
        )
        let outcome = await CLIHarness.run(["validate", path])
        expectOneError(
            outcome,
            "\(path):3:45: scenarios.echo.load.duraton: unknown field 'duraton'; did you mean 'duration'?"
        )
    }

    @Test func negativeUsersExitTwo() async {
        let path = CLIHarness.file(
            """
            scenarios:
              echo:
                load: {model: constant-users, users: -3, duration: 1s}
                flow: [{tcp: {address: "127.0.0.1:9"}}]
            """
        )
        let outcome = await CLIHarness.run(["run", path])
        expectOneError(outcome, "\(path):3:42: scenarios.echo.load.users: must be at least 1, found -3")
        let flagOutcome = await CLIHarness.run(["run", "--url", "tcp://127.0.0.1:9", "--users=-3"])
        expectOneError(flagOutcome, "<command line>: --users: must be at least 1, found -3")
    }

    @Test func anUnknownURLSchemeNamesTheRegisteredClients() async {
        let outcome = await CLIHarness.run(["run", "--url", "gopher://127.0.0.1:70"])
        expectOneError(outcome, "<command line>: --url: no client for 'gopher://'; registered: tcp, udp")
    }

    @Test func aMistypedOptionIsBadInput() async {
        let outcome = await CLIHarness.run(["run", "--userz", "3"])
        #expect(outcome.status == 2)
        #expect(outcome.err.contains("--userz"))
    }
}
