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

/// Distributed-run options: segments out of range, N = 0 and start times in the past are bad input.
struct SegmentOptionTests {
    private func run(_ extra: [String], environment: [String: String] = [:]) async -> CLIHarness.Outcome {
        for (key, value) in environment { setenv(key, value, 1) }
        defer { for key in environment.keys { unsetenv(key) } }
        return await CLIHarness.run(
            ["run", "--url", "tcp://127.0.0.1:1", "--users", "1", "--duration", "1s", "--quiet"] + extra
        )
    }

    @Test func aSegmentOutOfRangeOrAZeroCountIsBadInput() async {
        let outOfRange = await run(["--segment", "3/3"])
        #expect(outOfRange.status == 2)
        #expect(outOfRange.err.contains("--segment: segment 3 is out of range for 3 segments (0…2), found '3/3'"))
        let zero = await run(["--segment", "0/0"])
        #expect(zero.status == 2)
        #expect(zero.err.contains("--segment: N must be at least 1, found '0/0'"))
        let garbled = await run([], environment: ["BARRAGE_SEGMENT": "two of three"])
        #expect(garbled.status == 2)
        #expect(
            garbled.err.contains(
                "BARRAGE_SEGMENT: expected i/N (segment i of N, counting from 0), found 'two of three'"
            )
        )
    }

    @Test func segmentsNeedsTheIndexKubernetesSets() async {
        let missing = await run(["--segments", "4"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("needs JOB_COMPLETION_INDEX"))
        let outOfRange = await run(["--segments", "4"], environment: ["JOB_COMPLETION_INDEX": "4"])
        #expect(outOfRange.status == 2)
        #expect(outOfRange.err.contains("JOB_COMPLETION_INDEX: segment 4 is out of range for 4 segments"))
    }

    @Test func aStartTimeInThePastOrMalformedIsBadInput() async {
        let past = await run(["--start-at", "2020-01-01T00:00:00Z"])
        #expect(past.status == 2)
        #expect(past.err.contains("--start-at: 2020-01-01T00:00:00Z is"))
        #expect(past.err.contains("s in the past"))
        let malformed = await run(["--start-at", "noon"])
        #expect(malformed.status == 2)
        #expect(malformed.err.contains("expected an RFC 3339 time such as 2026-11-26T10:00:00Z, found 'noon'"))
    }
}
