import BarrageMetrics
import BarrageTarget
import Testing

/// The embedded target's WebSocket fault modes, each seen as the error kind it should be.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebSocketFaultTests {
    private func run(_ faults: ListenerFaults, timeout: String = "2s") async throws -> [StepResult] {
        var set = FaultSet()
        set.ws = faults
        let target = try await WebSocketRunHarness.startTarget(faults: set)
        let plan = try WebSocketRunHarness.plan(
            iterations: 3,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/echo"}
                      - ws: {send: "hello", expect: hello, timeout: \(timeout)}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        try await target.stop()
        return result.steps
    }

    @Test func aDroppedAnswerTimesOut() async throws {
        let steps = try await run(ListenerFaults(error: ErrorFault(rate: 1, mode: .drop)), timeout: "200ms")
        #expect(steps[0].successes == 3)
        #expect(steps[1].errors == ["timeout": 3])
    }

    @Test func aStalledServerTimesOut() async throws {
        let steps = try await run(
            ListenerFaults(stall: StallFault(durationMs: 10_000, periodMs: 3_600_000)),
            timeout: "200ms"
        )
        #expect(steps[1].errors == ["timeout": 3])
    }

    @Test func aServerThatClosesIsClosedByPeerWithoutACloseCode() async throws {
        let steps = try await run(ListenerFaults(error: ErrorFault(rate: 1, mode: .close)))
        #expect(steps[1].errors == ["closed_by_peer": 3])
        #expect(steps[1].statuses == ["1006": 3])
    }

    @Test func aResetIsClosedByPeerOrConnectionReset() async throws {
        let steps = try await run(ListenerFaults(reset: ChanceFault(probability: 1)))
        #expect(steps[1].failures == 3)
        #expect(Set(steps[1].errors.keys).isSubset(of: ["closed_by_peer", "connection_reset"]), "\(steps[1].errors)")
    }

    @Test func garbageEndsTheConnectionAndNeverPassesAsAnAnswer() async throws {
        let steps = try await run(ListenerFaults(garbage: ChanceFault(probability: 1, bytes: 64)))
        #expect(steps[1].failures == 3)
        #expect(Set(steps[1].errors.keys).isSubset(of: ["protocol_error", "closed_by_peer"]), "\(steps[1].errors)")
    }
}
