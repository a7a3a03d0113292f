import BarrageMetrics
import BarrageTarget
import Testing

/// `wss://` through a real TLS server: nginx with a self-signed certificate made for the test, proxying to the
/// embedded target's WebSocket endpoints.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebSocketTLSTests {
    @Test func wssWithInsecureEchoesSmallAndLargeMessagesThroughTLS() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let proxy = try await TLSProxy.start(targetPort: target.ports.ws)
        defer { proxy.stop() }
        // 100 kB does not fit one TLS record nor one lws write: lws keeps the rest and sends it as the socket drains.
        let large = String(repeating: "0123456789", count: 10_000)
        let plan = try WebSocketRunHarness.plan(
            users: 2,
            iterations: 3,
            flow: """
                      - ws: {connect: "wss://127.0.0.1:\(proxy.tlsPort)/echo", tls: {insecure: true}, reuse: true}
                      - ws: {send: "over tls", expect: {equals: "over tls"}}
                      - ws: {send: "\(large)", expect: {equals: "\(large)"}}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        let stats = target.statistics.snapshot().listeners["ws"]
        try await target.stop()
        // The kept connect records nothing: 2 handshakes, then 6 sends and 6 answers.
        #expect(result.steps.map(\.successes) == [2, 6, 6], "\(result.steps.map(\.errors))")
        #expect(result.steps[2].bytesReceived == 6 * 100_000)
        #expect(result.steps[0].statuses == ["101": 2])
        #expect(stats?.acceptedConnections == 2)
    }

    @Test func aSelfSignedCertificateIsATLSErrorUnlessInsecureIsSaid() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let proxy = try await TLSProxy.start(targetPort: target.ports.ws)
        defer { proxy.stop() }
        let plan = try WebSocketRunHarness.plan(
            iterations: 2,
            flow: """
                      - ws: {connect: "wss://127.0.0.1:\(proxy.tlsPort)/echo", timeout: 5s}
                """
        )
        let result = await WebSocketRunHarness.run(plan)
        let stats = target.statistics.snapshot().listeners["ws"]
        try await target.stop()
        #expect(result.steps[0].errors == ["tls": 2])
        #expect(stats?.acceptedConnections ?? 0 == 0)
    }
}
