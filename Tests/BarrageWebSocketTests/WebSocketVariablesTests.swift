import BarrageCore
import BarrageMetrics
import BarrageTarget
import Testing

/// Templates and extraction over WebSocket against the embedded target's `/echo` and `/pubsub`: per-VU URLs,
/// headers and messages, and a matched message's field carried into the next message.
struct WebSocketVariablesTests {
    @Test func variablesRenderIntoConnectAndSendAndAMatchedMessageFeedsTheNext() async throws {
        let server = try await WebSocketRunHarness.startTarget(tickRate: 0)
        let plan = try WebSocketRunHarness.plan(
            """
            variables: {room: lobby}
            scenarios:
              s:
                load: {model: per-user-iterations, users: 3, iterations: 3}
                flow:
                  - name: join
                    ws:
                      connect: "ws://127.0.0.1:\(server.ports.ws)/echo?user=${vu}"
                      headers: {X-User: "user${vu}"}
                      on_open: ['{"hello":"user${vu}"}']
                      expect: {json: {"$.hello": {regex: "^user[123]$"}}}
                  - name: say
                    ws:
                      send: '{"who":"user${vu}","iteration":${iteration},"room":"${room}"}'
                      expect: {json: {"$.room": lobby}}
                    extract: {who: $.who, iteration_seen: $.iteration}
                  - name: again
                    ws: {send: "${who}/${iteration_seen}", expect: {regex: "^user[123]/[0-2]$"}}
                  - name: leave
                    ws: {close: {code: 1000, reason: "bye ${who}"}}
            """
        )
        let result = await WebSocketRunHarness.run(plan)
        try await server.stop()
        for step in result.scenarios[0].steps {
            #expect(step.count == 9, "\(step.name)")
            #expect(step.failures == 0, "\(step.name): \(step.errors)")
        }
    }

    @Test func anExtractionFromAMessageWithoutTheFieldFails() async throws {
        let server = try await WebSocketRunHarness.startTarget(tickRate: 0)
        let plan = try WebSocketRunHarness.plan(
            """
            scenarios:
              s:
                load: {model: per-user-iterations, users: 1, iterations: 2}
                flow:
                  - ws: {connect: "ws://127.0.0.1:\(server.ports.ws)/echo", reuse: true}
                  - name: say
                    ws: {send: "plain text", expect: {contains: plain}}
                    extract: {field: $.field}
            """
        )
        let result = await WebSocketRunHarness.run(plan)
        try await server.stop()
        #expect(result.scenarios[0].steps[1].errors == ["extraction_failed": 2])
    }
}
