import BarrageMetrics
import BarrageTarget
import Testing

/// Subscriptions on the embedded target's `/pubsub`: acknowledgements, publishing, the server's ticker with its send
/// time, receiving for a duration, and many held connections.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebSocketPubSubTests {
    @Test func tickerMessagesAreReceivedWithTheirInterArrivalTimeAndOneWayLag() async throws {
        let target = try await WebSocketRunHarness.startTarget(tickRate: 50)
        let plan = try WebSocketRunHarness.plan(
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/pubsub", on_open: '{"subscribe":"ticker"}', expect: {json: {"$.subscribed": ticker}}}
                      - ws: {receive: 5, match: {contains: '"topic":"ticker"'}, lag: "$.sent_ns"}
                      - ws: {receive: 5, lag: {path: "$.sent_ns", unit: ns}}
                """
        )
        let result = await WebSocketRunHarness.run(plan, workers: 1)
        try await target.stop()
        #expect(result.steps.map(\.successes) == [1, 1, 1])
        let receive = result.steps[1]
        #expect(receive.phases.map(\.name) == ["first_message", "inter_arrival", "lag"])
        // 50 ticks a second: gaps of about 20 ms (bounds wide enough for a loaded machine), lag positive and small.
        let gap = receive.phases[1].latency.max
        #expect(gap > 1 && gap < 1000, "inter-arrival \(gap) ms")
        let lag = receive.phases[2].latency.max
        #expect(lag > 0 && lag < 1000, "lag \(lag) ms")
        #expect(result.steps[2].phases[2].latency.max > 0)
    }

    @Test func aPublishReachesTheSubscribedPublisherAndItsAcknowledgementIsSkipped() async throws {
        let target = try await WebSocketRunHarness.startTarget(tickRate: 0)
        let plan = try WebSocketRunHarness.plan(
            iterations: 3,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/pubsub", reuse: true, on_open: '{"subscribe":"room"}', expect: {contains: subscribed}}
                      - ws: {send: '{"publish":"room","data":{"text":"hi"}}', expect: {json: {"$.topic": room, "$.data.text": hi}}}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        let accepted = target.statistics.snapshot().listeners["ws"]?.acceptedConnections
        try await target.stop()
        #expect(result.steps[1].successes == 3)
        #expect(accepted == 1)
    }

    @Test func receivingForADurationCountsWhatCameAndFailsWhenTooLittleCame() async throws {
        let target = try await WebSocketRunHarness.startTarget(tickRate: 20)
        let plan = try WebSocketRunHarness.plan(
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/pubsub", on_open: '{"subscribe":"ticker"}', expect: {contains: subscribed}}
                      - ws: {receive: {duration: 500ms, min: 2}, match: {contains: ticker}}
                      - ws: {receive: {duration: 200ms, min: 1}, match: {contains: never-sent}}
                """
        )
        let result = await WebSocketRunHarness.run(plan, workers: 1)
        try await target.stop()
        #expect(result.steps[1].successes == 1)
        #expect(result.steps[1].bytesReceived > 2 * 40)
        // The step lasts its 500 ms (a little less is possible: libuv's timers read a cached clock, and histograms
        // keep three significant digits).
        #expect(result.steps[1].latency.max >= 450)
        #expect(result.steps[2].errors == ["timeout": 1])
    }

    @Test func heldConnectionsEachReceiveServerPushedMessages() async throws {
        let target = try await WebSocketRunHarness.startTarget(tickRate: 20)
        let plan = try WebSocketRunHarness.plan(
            users: 100,
            iterations: 3,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/pubsub", reuse: true, on_open: '{"subscribe":"ticker"}'}
                      - ws: {receive: 1, match: {contains: '"topic":"ticker"'}, lag: "$.sent_ns"}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        let stats = target.statistics.snapshot().listeners["ws"]
        try await target.stop()
        #expect(result.steps[1].successes == 300)
        #expect(result.steps[1].phases[2].latency.max > 0)
        #expect(stats?.acceptedConnections == 100)
    }
}
