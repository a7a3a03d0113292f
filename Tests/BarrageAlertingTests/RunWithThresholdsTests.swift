import BarrageCLI
import BarrageCore
import BarrageMetrics
import BarrageSocket
import BarrageTarget
import BarrageTesting
import Foundation
import Synchronization
import Testing

/// `barrage run` with thresholds and alerts, in this process, against the embedded target and real receivers.
@Suite(.timeLimit(.minutes(3)))
struct RunWithThresholdsTests {
    struct Outcome {
        var status: Int32
        var out: String
        var err: String
    }

    static func barrage(_ arguments: [String]) async -> Outcome {
        let out = Mutex("")
        let err = Mutex("")
        let console = Console(
            isTerminal: false,
            out: { text in out.withLock { $0 += text } },
            err: { text in err.withLock { $0 += text } }
        )
        let status = await BarrageCLI.execute(
            arguments: arguments,
            registry: ClientRegistry([SocketClientFactory()]),
            console: console
        )
        return Outcome(status: status, out: out.withLock { $0 }, err: err.withLock { $0 })
    }

    static func folder() -> String {
        let path = NSTemporaryDirectory() + "barrage-alerting-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func file(_ text: String) -> String {
        let path = folder() + "/scenario.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// Checks `path` against docs/result.schema.json (`SchemaCheck`); returns its complaints, empty when valid.
    static func schemaProblems(_ path: String) throws -> String {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try SchemaCheck.problems(
            schema: repository.appendingPathComponent("docs/result.schema.json").path,
            document: path
        )
    }

    @Test func passingThresholdsExitZeroAndTheirVerdictsReachEveryReport() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let path = Self.file(
            """
            name: echo-check
            scenarios:
              lines:
                load: {model: constant-users, users: 2, duration: 2s}
                flow:
                  - name: ping
                    tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line, expect: {equals: ping}}
            thresholds:
              - p95 < 2s
              - {condition: error_rate < 1%, scope: {scenario: lines, step: ping}}
              - {condition: count > 10, scope: {protocol: tcp}}
            """
        )
        let out = Self.folder()
        let outcome = await Self.barrage(["run", path, "--out", out, "--quiet", "--workers", "1"])
        try await server.stop()
        #expect(outcome.status == 0, "\(outcome.out)\(outcome.err)")
        let result = try RunResult.read(path: out + "/result.json")
        let thresholds = try #require(result.thresholds)
        #expect(thresholds.verdicts.map(\.threshold) == ["p95 < 2s", "error_rate < 1%", "count > 10"])
        #expect(thresholds.verdicts.map(\.status) == [.passed, .passed, .passed])
        #expect(thresholds.verdicts[1].scope == "scenario=lines step=ping")
        #expect(thresholds.abortedBy == nil && thresholds.alertErrors.isEmpty)
        #expect(outcome.out.contains("thresholds: 3 of 3 passed"))
        #expect(outcome.out.contains("PASS  error_rate < 1%  [scenario=lines step=ping]  observed 0%"))
        let junit = Self.text(out + "/junit.xml")
        #expect(junit.contains("<testsuite name=\"thresholds\" tests=\"3\" failures=\"0\""))
        #expect(junit.contains("<testcase name=\"p95 &lt; 2s\""))
        let markdown = Self.text(out + "/summary.md")
        #expect(markdown.contains("3 threshold(s) passed"))
        #expect(markdown.contains("| `count > 10` | protocol=tcp |"))
        let html = Self.text(out + "/report.html")
        #expect(html.contains("<h2>Thresholds</h2>") && html.contains("<code>error_rate &lt; 1%</code>"))
    }

    @Test func aFailedThresholdExitsOneEvenWhenNoSampleFailed() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let path = Self.file(
            """
            scenarios:
              lines:
                load: {model: constant-users, users: 1, duration: 1s}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line}
            thresholds:
              - rate > 1000000/s
              - p99 < 10s
            """
        )
        let out = Self.folder()
        let outcome = await Self.barrage(["run", path, "--out", out, "--quiet", "--workers", "1"])
        try await server.stop()
        #expect(outcome.status == 1)
        let result = try RunResult.read(path: out + "/result.json")
        #expect(result.totalFailures == 0)
        #expect(result.thresholds?.verdicts.map(\.status) == [.failed, .passed])
        #expect(outcome.out.contains("thresholds: 1 of 2 passed"))
        #expect(outcome.out.contains("FAIL  rate > 1000000/s  [all]"))
        #expect(Self.text(out + "/junit.xml").contains("type=\"threshold\""))
    }

    @Test func abortOnFailStopsTheRunEarlyWithExitThreeAndAlertsTheWebhook() async throws {
        let hook = try CaptureHTTPServer()
        defer { hook.stop() }
        // Nothing listens on port 9: every connect is refused, so the error rate is 100% from the first second.
        let path = Self.file(
            """
            name: doomed
            scenarios:
              refused:
                load: {model: constant-users, users: 2, duration: 60s}
                flow:
                  - name: connect
                    tcp: {address: "127.0.0.1:9", send: "x\\n"}
            thresholds:
              - {condition: error_rate < 1%, abort_on_fail: true}
              - count > 0
            alerts:
              channels:
                - type: webhook
                  url: http://127.0.0.1:\(hook.port)/alerts
                  headers: {Authorization: "Bearer hook-s3cret"}
                - type: console
            """
        )
        let out = Self.folder()
        let started = Date()
        let outcome = await Self.barrage(["run", path, "--out", out, "--quiet", "--workers", "1"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(outcome.status == 3, "\(outcome.out)\(outcome.err)")
        // A 60 s run stopped after its first seconds (generous bound for a loaded machine).
        #expect(elapsed < 40)
        let result = try RunResult.read(path: out + "/result.json")
        #expect(result.status == .aborted)
        #expect(result.thresholds?.abortedBy == "error_rate < 1%")
        #expect(result.thresholds?.verdicts.first?.firstFailedAtSecond != nil)
        #expect(try Self.schemaProblems(out + "/result.json") == "")
        #expect(outcome.err.contains("threshold 'error_rate < 1%' [all] failed: stopping the run (abort_on_fail)"))
        #expect(outcome.err.contains("alert: FAIL error_rate < 1% [all]: observed 100%"))
        #expect(outcome.out.contains("aborted by threshold: error_rate < 1%"))
        #expect(
            outcome.err.contains("alert: ABORTED doomed: 1 of 2 thresholds held, run \(result.runID) aborted after")
        )

        let received = await hook.waitFor(2)
        let events = received.map { $0.json["event"] as? String ?? "" }
        #expect(events == ["fail", "end"])
        let fail = received.first?.json ?? [:]
        #expect(fail["run_id"] as? String == result.runID)
        #expect(fail["plan"] as? String == "doomed")
        #expect(fail["threshold"] as? String == "error_rate < 1%")
        #expect(number(fail["observed"]) == 1)
        #expect(fail["report"] as? String == out + "/report.html")
        #expect(received.first?.headers["authorization"] == "Bearer hook-s3cret")
        let end = received.last?.json ?? [:]
        #expect(end["run_status"] as? String == "aborted" && end["passed"] as? Bool == false)
        for file in ["result.json", "summary.md", "report.html", "junit.xml"] {
            #expect(!Self.text(out + "/" + file).contains("hook-s3cret"))
        }
        #expect(!outcome.out.contains("hook-s3cret") && !outcome.err.contains("hook-s3cret"))
    }

    @Test func aDeadChannelLeavesTheVerdictAloneAndIsListedInTheSummary() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let dead = try CaptureHTTPServer(listens: false)
        defer { dead.stop() }
        let deadPort = dead.port
        let path = Self.file(
            """
            scenarios:
              lines:
                load: {model: constant-users, users: 1, duration: 1s}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line}
            thresholds:
              - error_rate < 1%
            alerts:
              timeout: 2s
              retries: 1
              backoff: 100ms
              channels:
                - type: slack
                  url: http://127.0.0.1:\(deadPort)/services/T0/B0/sl4ck-t0ken
            """
        )
        let out = Self.folder()
        let outcome = await Self.barrage(["run", path, "--out", out, "--quiet", "--workers", "1"])
        try await server.stop()
        #expect(outcome.status == 0, "\(outcome.out)\(outcome.err)")
        #expect(outcome.out.contains("alert channel errors (the verdict is not affected):"))
        #expect(
            outcome.out.contains("slack (http://127.0.0.1:\(deadPort)): end alert not delivered after 2 attempt(s)")
        )
        let result = try RunResult.read(path: out + "/result.json")
        #expect(result.thresholds?.passed == true)
        #expect(result.thresholds?.alertErrors.count == 1)
        #expect(!Self.text(out + "/result.json").contains("sl4ck-t0ken") && !outcome.out.contains("sl4ck-t0ken"))
    }

    @Test func aHungWebhookDoesNotLengthenTheRun() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let hung = try CaptureHTTPServer(answers: false)
        defer { hung.stop() }
        // The threshold fails from the first second, so a fail alert is sent while the run goes on.
        let path = Self.file(
            """
            scenarios:
              lines:
                load: {model: constant-users, users: 1, duration: 3s}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line}
            thresholds:
              - rate > 1000000/s
            alerts:
              timeout: 4s
              retries: 0
              channels:
                - {type: webhook, url: "http://127.0.0.1:\(hung.port)/"}
            """
        )
        let out = Self.folder()
        let outcome = await Self.barrage(["run", path, "--out", out, "--quiet", "--workers", "1"])
        try await server.stop()
        #expect(outcome.status == 1)
        let result = try RunResult.read(path: out + "/result.json")
        // The run measured its 3 s, not 3 s plus hung deliveries (generous bound for a loaded machine).
        #expect(result.durationSeconds < 6)
        #expect(result.status == .completed)
        let errors = result.thresholds?.alertErrors ?? []
        #expect(!errors.isEmpty && errors.allSatisfy { $0.hasPrefix("webhook (http://127.0.0.1:\(hung.port))") })
    }

    @Test func badThresholdsAreBadInputAndBaselineThresholdsNeedABaseline() async throws {
        let typo = Self.file(
            """
            scenarios:
              lines:
                load: {model: constant-users, users: 1, duration: 1s}
                flow:
                  - name: ping
                    tcp: {address: "127.0.0.1:9", send: "x"}
            thresholds:
              - {condition: p95 < 1s, scope: {step: pnig}}
            """
        )
        let outcome = await Self.barrage(["run", typo, "--quiet", "--out", Self.folder()])
        #expect(outcome.status == 2)
        #expect(
            outcome.err.contains("thresholds[0].scope.step: no step named 'pnig' in the plan; did you mean 'ping'?")
        )
        let validate = await Self.barrage(["validate", typo])
        #expect(validate.status == 2 && validate.err.contains("no step named 'pnig'"))

        let baseline = Self.file(
            """
            scenarios:
              lines:
                load: {model: constant-users, users: 1, duration: 1s}
                flow:
                  - tcp: {address: "127.0.0.1:9", send: "x"}
            thresholds:
              - p95 < baseline * 1.1
            """
        )
        let missing = await Self.barrage(["run", baseline, "--quiet", "--out", Self.folder()])
        #expect(missing.status == 2 && missing.err.contains("give --baseline result.json"))
        let valid = await Self.barrage(["validate", baseline])
        #expect(valid.status == 0 && valid.out.contains("1 threshold(s), 0 alert channel(s)"))
    }

    @Test func theExampleWithThresholdsRunsAgainstTheEmbeddedTarget() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let example = repository.appendingPathComponent("examples/tcp-echo-thresholds.yaml").path
        setenv("BARRAGE_TCP_PORT", String(server.ports.tcp), 1)
        defer { unsetenv("BARRAGE_TCP_PORT") }
        let out = Self.folder()
        let outcome = await Self.barrage(["run", example, "--duration", "2s", "--quiet", "--out", out])
        try await server.stop()
        // Latency thresholds may fail on a loaded machine; the run itself must complete and judge all five.
        #expect(outcome.status == 0 || outcome.status == 1, "\(outcome.err)")
        let result = try RunResult.read(path: out + "/result.json")
        #expect(result.status == .completed && result.totalFailures == 0)
        #expect(result.thresholds?.verdicts.count == 5)
        #expect(result.thresholds?.verdicts.first { $0.threshold == "error_rate < 5%" }?.status == .passed)
        #expect(outcome.err.contains("alert: PASSED") || outcome.err.contains("alert: FAILED"))
    }

    @Test func thresholdsOfScenariosLeftOutByScenarioAreDroppedButTyposAreNot() async throws {
        let text = """
            scenarios:
              main:
                load: {model: constant-users, users: 1, duration: 1s}
                flow:
                  - tcp: {address: "127.0.0.1:9", send: "x"}
              other:
                load: {model: constant-users, users: 1, duration: 1s}
                flow:
                  - tcp: {address: "127.0.0.1:9", send: "x"}
            thresholds:
              - count > 0
              - {condition: count > 0, scope: {scenario: other}}
            """
        let out = Self.folder()
        let outcome = await Self.barrage(["run", Self.file(text), "--scenario", "main", "--quiet", "--out", out])
        #expect(outcome.status == 0, "\(outcome.err)")
        let result = try RunResult.read(path: out + "/result.json")
        #expect(result.thresholds?.verdicts.map(\.threshold) == ["count > 0"])
        let typo = text.replacingOccurrences(of: "scenario: other", with: "scenario: othre")
        let failed = await Self.barrage(["run", Self.file(typo), "--scenario", "main", "--quiet", "--out", out])
        #expect(failed.status == 2)
        #expect(failed.err.contains("thresholds[1].scope.scenario: no scenario named 'othre' in the plan"))
    }

    @Test func baselineAndMergeCheckJudgeResultsByTheScenariosThresholds() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let path = Self.file(
            """
            scenarios:
              lines:
                load: {model: constant-users, users: 2, duration: 1s}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line}
            """
        )
        // Two segments of one distributed run, each with one of the two users.
        let first = Self.folder()
        let second = Self.folder()
        for (segment, folder) in [("0/2", first), ("1/2", second)] {
            let outcome = await Self.barrage([
                "run", path, "--segment", segment, "--out", folder, "--quiet", "--workers", "1",
            ])
            #expect(outcome.status == 0, "\(outcome.err)")
        }
        try await server.stop()
        let part = try RunResult.read(path: first + "/result.json")
        let other = try RunResult.read(path: second + "/result.json")
        let total = part.totalSamples + other.totalSamples

        // The first part is also the baseline: the merged result has its samples and the other part's.
        let check = Self.file(
            """
            scenarios: {}
            thresholds:
              - count >= baseline
              - count > baseline
              - count == \(total)
            """
        )
        let merged = Self.folder()
        let outcome = await Self.barrage([
            "merge", first, second + "/result.json", "--out", merged, "--check", check, "--baseline", first,
        ])
        #expect(outcome.status == 0, "\(outcome.out)\(outcome.err)")
        let result = try RunResult.read(path: merged + "/result.json")
        #expect(result.totalSamples == total)
        #expect(result.thresholds?.verdicts.map(\.status) == [.passed, .passed, .passed])
        #expect(result.thresholds?.baselineRunID == part.runID)
        #expect(outcome.out.contains("thresholds: 3 of 3 passed"))

        let strict = Self.file("thresholds:\n  - count > \(total)\n")
        let failing = await Self.barrage(["merge", first, second, "--out", Self.folder(), "--check", strict])
        #expect(failing.status == 1)
        #expect(failing.out.contains("FAIL  count > \(total)"))
        // A check file that extends a preset is judged with the preset's thresholds too, as `run` judges it.
        let extending = Self.file("extends: smoke\nthresholds:\n  - count == \(total)\n")
        let withPreset = await Self.barrage(["merge", first, second, "--out", Self.folder(), "--check", extending])
        #expect(withPreset.status == 0, "\(withPreset.out)\(withPreset.err)")
        #expect(withPreset.out.contains("thresholds: 3 of 3 passed"), "\(withPreset.out)")
        let plain = Self.folder()
        #expect(await Self.barrage(["merge", first, second, "--out", plain]).status == 0)
        #expect(try RunResult.read(path: plain + "/result.json").thresholds == nil)
    }
}
