import BarrageMetrics
import BarrageTarget
import Testing

/// Request/response over the embedded target's `/echo`, through the real scheduler.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebSocketEchoTests {
    @Test func aPingPongFlowRunsEveryStepOnOneConnectionPerIteration() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let plan = try WebSocketRunHarness.plan(
            users: 4,
            iterations: 5,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/echo"}
                      - ws: {send: "hello 1", expect: {equals: "hello 1"}}
                      - ws: {send: "hello 2"}
                      - ws: {expect: {contains: "2"}}
                      - ws: {close: {code: 1000, reason: done}}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        let stats = target.statistics.snapshot().listeners["ws"]
        try await target.stop()
        #expect(result.steps.map(\.successes) == [20, 20, 20, 20, 20])
        #expect(result.steps.map(\.failures) == [0, 0, 0, 0, 0])
        #expect(result.steps[1].bytesSent == 20 * 7)
        #expect(result.steps[1].bytesReceived == 20 * 7)
        #expect(result.steps[3].bytesReceived == 20 * 7)
        #expect(stats?.acceptedConnections == 20)
        #expect(stats?.messages == 40)
    }

    @Test func aKeptConnectionServesEveryIterationWithReuse() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let plan = try WebSocketRunHarness.plan(
            users: 2,
            iterations: 10,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/echo", reuse: true}
                      - ws: {send: "x", expect: x}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        let stats = target.statistics.snapshot().listeners["ws"]
        try await target.stop()
        #expect(result.steps[1].successes == 20)
        #expect(stats?.acceptedConnections == 2)
        // Only the 2 handshakes are recorded: a connect that kept its connection records nothing.
        #expect(result.steps[0].successes == 2)
        #expect(result.steps[0].statuses == ["101": 2])
        #expect(result.steps[0].phases.map(\.name) == ["handshake"])
        #expect(result.steps[0].phases.first?.histogram.count == 2)
    }

    @Test func messagesLargerThanOneWriteGoOutWholeAndInOrder() async throws {
        // lws writes at most `LWSContext.sendChunkSize` bytes per send(): the rest of each message waits in lws and
        // goes out as the socket drains. The second send must wait for the first one's rest (a frame interleaved
        // into another corrupts both), and the echoes must come back byte for byte.
        let target = try await WebSocketRunHarness.startTarget()
        let first = String(repeating: "a", count: 300_000) + "1"
        let second = String(repeating: "b", count: 300_000) + "2"
        let plan = try WebSocketRunHarness.plan(
            users: 2,
            iterations: 2,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/echo", reuse: true}
                      - ws: {send: "\(first)"}
                      - ws: {send: "\(second)"}
                      - ws: {expect: {equals: "\(first)"}, timeout: 20s}
                      - ws: {expect: {equals: "\(second)"}, timeout: 20s}
                      - ws: {send: "small after large", expect: "small after large"}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        let stats = target.statistics.snapshot().listeners["ws"]
        try await target.stop()
        #expect(result.steps.map(\.successes) == [2, 4, 4, 4, 4, 4], "\(result.steps.map(\.errors))")
        #expect(result.steps[1].bytesSent == 4 * 300_001)
        #expect(result.steps[3].bytesReceived == 4 * 300_001)
        #expect(result.steps[4].bytesReceived == 4 * 300_001)
        #expect(stats?.messages == 4 * 3)
    }

    @Test func answersDroppedUnreadAreReportedByTheNextReadingStep() async throws {
        // Four sends and nothing read for half a second on a connection that keeps 3 unread: the first echo is
        // dropped before the expect of the fifth reads. With room for 10 nothing is.
        let target = try await WebSocketRunHarness.startTarget()
        let flow = { (limit: Int) in
            """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/echo", max_queued: \(limit)}
                      - ws: {send: m1}
                      - ws: {send: m2}
                      - ws: {send: m3}
                      - ws: {send: m4}
                      - pause: 500ms
                      - ws: {send: m5, expect: m5}
                      - ws: {send: m6, expect: m6}
            """
        }
        let dropping = await WebSocketRunHarness.run(try WebSocketRunHarness.plan(iterations: 2, flow: flow(3)))
        let keeping = await WebSocketRunHarness.run(try WebSocketRunHarness.plan(iterations: 2, flow: flow(10)))
        try await target.stop()
        #expect(dropping.steps.map(\.successes) == [2, 2, 2, 2, 2, 0, 0], "\(dropping.steps.map(\.errors))")
        #expect(dropping.steps[5].errors == ["messages_dropped": 2])
        #expect(keeping.steps.map(\.successes) == [2, 2, 2, 2, 2, 2, 2], "\(keeping.steps.map(\.errors))")
    }

    @Test func binaryMessagesComeBackBinaryAndTextOnesDoNotMatchABinaryCheck() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let plan = try WebSocketRunHarness.plan(
            iterations: 2,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/echo"}
                      - ws: {send: "\\u00e9t\\u00e9", binary: true, expect: {binary: true, equals: "\\u00e9t\\u00e9"}}
                      - ws: {send: "text", expect: {binary: true}, timeout: 300ms}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        try await target.stop()
        #expect(result.steps[1].successes == 2)
        #expect(result.steps[1].bytesSent == 2 * 5)
        #expect(result.steps[2].errors == ["check_failed": 2])
    }

    @Test func regexAndJSONPathChecksReadTheMessage() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let plan = try WebSocketRunHarness.plan(
            iterations: 3,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/echo"}
                      - ws: {send: '{"order":{"id":42,"items":["a","b"]}}', expect: {json: {"$.order.id": 42, "$.order.items[1]": b}}}
                      - ws: {send: 'order 42 shipped', expect: {regex: "^order [0-9]+ (shipped|lost)$"}}
                      - ws: {send: '{"order":{"id":7}}', expect: {json: {"$.order.id": 42}}, timeout: 300ms}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        try await target.stop()
        #expect(result.steps[1].successes == 3)
        #expect(result.steps[2].successes == 3)
        #expect(result.steps[3].errors == ["check_failed": 3])
    }

    @Test func pingIsAnsweredByAPongAndCompressionOfferedToAServerWithoutItStillConnects() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let plan = try WebSocketRunHarness.plan(
            iterations: 3,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/echo", compression: true, headers: {Authorization: "Bearer abc"}}
                      - ws: {ping: "are you there"}
                      - ws: {send: "after ping", expect: "after ping"}
                      - ws: {close: 1000}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        try await target.stop()
        #expect(result.steps.map(\.successes) == [3, 3, 3, 3])
        #expect(result.steps[1].bytesSent == 3 * 13)
    }

    @Test func aStepWithoutAConnectionIsNotConnected() async throws {
        let plan = try WebSocketRunHarness.plan(
            iterations: 2,
            flow: """
                      - ws: {send: "nobody"}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        #expect(result.steps[0].errors == ["not_connected": 2])
    }
}
