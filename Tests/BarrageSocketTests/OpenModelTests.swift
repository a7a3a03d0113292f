import BarrageCore
import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)), .serialized)
struct OpenModelTests {
    @Test func constantRateCompletesWithinOnePercentOfTheScheduledArrivals() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              echo:
                load: {model: constant-rate, rate: 2000, duration: 5s, max_in_flight: 2000}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line, expect: {equals: ping}}
            """
        )
        let result = await SocketRunHarness.run(plan)
        try await server.stop()
        let count = Double(result.firstStep.count)
        #expect(abs(count - 10_000) <= 100, "completed \(count) of 10,000 scheduled")
        #expect(result.scenarios[0].droppedIterations + result.firstStep.count == 10_000)
        #expect(result.firstStep.failures == 0)
    }

    @Test func datagramsAtAFixedRateAreAnsweredAndLossIsCounted() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              datagrams:
                load: {model: constant-rate, rate: 1000, duration: 2s, max_in_flight: 1000}
                flow:
                  - udp: {address: "127.0.0.1:\(server.ports.udp)", send: hello, expect: {equals: hello}}
            """
        )
        let result = await SocketRunHarness.run(plan)
        try await server.stop()
        let step = result.firstStep
        #expect(step.count + result.scenarios[0].droppedIterations == 2000)
        // Datagrams may be lost on a loaded machine; every failure must then be counted as loss.
        #expect(step.failures <= 20)
        #expect(step.failures == step.errors["datagram_lost", default: 0])
        #expect(step.bytesReceived == step.successes * 5)
    }

    @Test func aStallOfTheTargetShowsInTheHighPercentiles() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              echo:
                load: {model: constant-rate, rate: 500, duration: 4s, max_in_flight: 1000}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line, timeout: 5s}
            """
        )
        let stall = Task {
            try? await Task.sleep(nanoseconds: 1_500_000_000)
            var faults = FaultSet()
            faults.tcp.stall = StallFault(durationMs: 500, periodMs: 3_600_000)
            server.faults.replace(with: faults)
        }
        let result = await SocketRunHarness.run(plan)
        await stall.value
        try await server.stop()
        let latency = result.firstStep.latency
        // One stall of 500 ms holds about 250 of 2,000 requests: p99 sits near the stall's length, and the
        // median stays fast. A generator that waited for replies before sending would hide it.
        #expect(latency.p99 >= 300, "p99 \(latency.p99) ms")
        #expect(latency.max >= 450 && latency.max < 1500, "max \(latency.max) ms")
        #expect(latency.p50 < 50, "p50 \(latency.p50) ms")
        #expect(result.firstStep.failures == 0)
    }

    @Test func arrivalsWithNoFreeUserAreDroppedNotDelayed() async throws {
        let server = try await SocketRunHarness.startTarget()
        var faults = FaultSet()
        faults.tcp.latency = .fixed(ms: 200)
        server.faults.replace(with: faults)
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              echo:
                load: {model: constant-rate, rate: 100, duration: 2s, max_in_flight: 4}
                flow:
                  - tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "ping\\n", read: line}
            """
        )
        let result = await SocketRunHarness.run(plan)
        try await server.stop()
        let scenario = result.scenarios[0]
        // 4 users each finish one request per ~200 ms: about 40 of 200 arrivals run, the rest are dropped.
        #expect(scenario.droppedIterations > 100)
        #expect(scenario.droppedIterations + scenario.iterations == 200)
        #expect(result.firstStep.latency.p50 >= 190)
    }

    @Test func rampingRateSchedulesTheIntegralOfItsStages() async throws {
        let server = try await SocketRunHarness.startTarget()
        let plan = try SocketRunHarness.plan(
            """
            scenarios:
              ramp:
                load: {model: ramping-rate, start_rate: 0, stages: [{duration: 2s, target: 400}, {duration: 1s, target: 400}]}
                flow:
                  - udp: {address: "127.0.0.1:\(server.ports.udp)", send: hi}
            """
        )
        let result = await SocketRunHarness.run(plan)
        try await server.stop()
        // 0→400/s over 2 s is 400 arrivals, then 400 more in the flat second.
        #expect(result.firstStep.count + result.scenarios[0].droppedIterations == 800)
        #expect(result.firstStep.failures == 0)
    }
}
