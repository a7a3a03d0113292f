import BarrageCore
import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// Failures are categorised samples, never crashes: status codes, checks, timeouts, refusals and the
/// embedded target's fault modes.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HTTPErrorTests {
    @Test func statusCodesMapToHTTPKindsUnlessTheStepAcceptsThem() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let base = "http://127.0.0.1:\(server.ports.http)/status"
        let notFound = try await HTTPRunHarness.runStep(iterations: 2, #"{url: "\#(base)/404"}"#)
        let unavailable = try await HTTPRunHarness.runStep(iterations: 2, #"{url: "\#(base)/503"}"#)
        let expected = try await HTTPRunHarness.runStep(iterations: 2, #"{url: "\#(base)/404", expect: {status: 404}}"#)
        let inList = try await HTTPRunHarness.runStep(#"{url: "\#(base)/201", expect: {status: [200, 201]}}"#)
        let inRange = try await HTTPRunHarness.runStep(#"{url: "\#(base)/204", expect: {status: {range: 200-299}}}"#)
        let wrong = try await HTTPRunHarness.runStep(#"{url: "\#(base)/200", expect: {status: 201}}"#)
        try await server.stop()
        #expect(notFound.errors == ["http_4xx": 2])
        #expect(unavailable.errors == ["http_5xx": 2])
        #expect(notFound.statuses == ["404": 2])
        #expect(unavailable.statuses == ["503": 2])
        #expect(inList.statuses == ["201": 1])
        #expect(expected.successes == 2)
        #expect(inList.successes == 1)
        #expect(inRange.successes == 1)
        #expect(wrong.errors == ["http_status": 1])
    }

    @Test func failedChecksAreCheckFailed() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let base = "http://127.0.0.1:\(server.ports.http)"
        let body = try await HTTPRunHarness.runStep(#"{url: "\#(base)/", expect: {body: {contains: nope}}}"#)
        let bodyOK = try await HTTPRunHarness.runStep(
            #"{url: "\#(base)/", expect: {body: {contains: barrage, regex: "^barrage target$"}}}"#
        )
        let header = try await HTTPRunHarness.runStep(
            #"{url: "\#(base)/", expect: {header: {Content-Type: {contains: json}}}}"#
        )
        let missing = try await HTTPRunHarness.runStep(
            #"{url: "\#(base)/echo", expect: {json: {"$.nothing": {exists: true}}}}"#
        )
        let exists = try await HTTPRunHarness.runStep(
            #"{url: "\#(base)/echo", expect: {json: {"$.headers.host": {exists: true}, "$.absent": {exists: false}}}}"#
        )
        let slow = try await HTTPRunHarness.runStep(#"{url: "\#(base)/delay/60", expect: {max_time: 20ms}}"#)
        try await server.stop()
        #expect(body.errors == ["check_failed": 1])
        #expect(bodyOK.successes == 1, "\(bodyOK.errors)")
        #expect(header.errors == ["check_failed": 1])
        #expect(missing.errors == ["check_failed": 1])
        #expect(exists.successes == 1, "\(exists.errors)")
        #expect(slow.errors == ["check_failed": 1])
    }

    @Test func anUnreachablePortIsConnectRefusedAndTheRunCompletes() async throws {
        let port = HTTPRunHarness.freePort()
        let plan = try HTTPRunHarness.plan(
            """
            scenarios:
              nobody:
                load: {model: constant-users, users: 2, duration: 1s}
                think_time: 10ms
                flow:
                  - http: {url: "http://127.0.0.1:\(port)/"}
            """
        )
        let result = await HTTPRunHarness.run(plan)
        #expect(result.status == .completed)
        #expect(result.firstStep.count > 10)
        #expect(result.firstStep.errors == ["connect_refused": result.firstStep.count])
    }

    @Test func aSlowResponseTimesOutAndTheUserGoesOn() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let started = Date()
        let step = try await HTTPRunHarness.runStep(
            users: 2,
            iterations: 3,
            #"{url: "http://127.0.0.1:\#(server.ports.http)/delay/10000", timeout: 200ms}"#
        )
        let elapsed = Date().timeIntervalSince(started)
        try await server.stop()
        #expect(step.errors == ["timeout": 6])
        #expect(step.latency.p50 >= 190 && step.latency.p50 < 400)
        #expect(elapsed < 9)  // 10 s per request without the timeout
    }

    @Test func a5xxStormIsCountedAsHTTP5xx() async throws {
        var faults = FaultSet()
        faults.http.error = ErrorFault(rate: 1, mode: .status)
        let server = try await HTTPRunHarness.startTarget(faults: faults)
        let step = try await HTTPRunHarness.runStep(
            users: 4,
            iterations: 25,
            #"{url: "http://127.0.0.1:\#(server.ports.http)/"}"#
        )
        try await server.stop()
        #expect(step.errors == ["http_5xx": 100])
    }

    @Test func resetsAndGarbageAreCountedByKindWithoutHurtingTheUsers() async throws {
        var faults = FaultSet()
        faults.http.reset = ChanceFault(probability: 0.3)
        faults.http.garbage = ChanceFault(probability: 0.3, bytes: 64)
        let server = try await HTTPRunHarness.startTarget(faults: faults)
        let step = try await HTTPRunHarness.runStep(
            users: 4,
            iterations: 50,
            #"{url: "http://127.0.0.1:\#(server.ports.http)/", timeout: 10s}"#
        )
        try await server.stop()
        #expect(step.count == 200)
        let kinds = Set(step.errors.keys)
        #expect(kinds.isSubset(of: ["connection_reset", "closed_by_peer", "protocol_error"]), "\(step.errors)")
        #expect(kinds.contains("connection_reset") || kinds.contains("closed_by_peer"), "\(step.errors)")
        #expect(kinds.contains("protocol_error"), "\(step.errors)")
        #expect(step.successes > 20)
    }

    @Test func aStalledServerTimesOutThenRecovers() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let plan = try HTTPRunHarness.plan(
            """
            scenarios:
              stall:
                load: {model: constant-users, users: 3, duration: 3s}
                flow:
                  - http: {url: "http://127.0.0.1:\(server.ports.http)/", timeout: 150ms}
            """
        )
        var faults = FaultSet()
        faults.http.stall = StallFault(durationMs: 1_500, periodMs: 3_600_000)
        server.faults.replace(with: faults)  // the stall starts now
        let result = await HTTPRunHarness.run(plan)
        try await server.stop()
        #expect(result.firstStep.errors["timeout", default: 0] >= 3, "\(result.firstStep.errors)")
        #expect(Set(result.firstStep.errors.keys) == ["timeout"])
        #expect(result.firstStep.successes > 10)
    }

    @Test func hostNamesResolveAndAnUnknownOneIsADNSError() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let named = try await HTTPRunHarness.runStep(
            users: 2,
            iterations: 5,
            #"{url: "http://localhost:\#(server.ports.http)/", expect: {body: {contains: barrage}}}"#
        )
        let unknown = try await HTTPRunHarness.runStep(iterations: 2, #"{url: "http://nonexistent.invalid/"}"#)
        try await server.stop()
        #expect(named.successes == 10, "\(named.errors)")
        #expect(unknown.errors == ["dns": 2])
    }

    @Test func requestsStillInFlightWhenTheGracefulStopExpiresAreCancelled() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let plan = try HTTPRunHarness.plan(
            """
            scenarios:
              slow:
                load: {model: constant-users, users: 4, duration: 500ms}
                graceful_stop: 300ms
                flow:
                  - http: {url: "http://127.0.0.1:\(server.ports.http)/delay/20000"}
            """
        )
        let started = Date()
        let result = await HTTPRunHarness.run(plan)
        let elapsed = Date().timeIntervalSince(started)
        try await server.stop()
        #expect(elapsed < 10, "the run waited for the 20 s responses")
        #expect(result.firstStep.count == 0, "interrupted requests are not recorded")
    }
}
