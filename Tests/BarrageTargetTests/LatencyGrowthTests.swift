import BarrageTarget
import Foundation
import NIOCore
import Testing

/// A latency fault with `growth_ms_per_s`: the target whose latency grows by design, for endurance tests.
@Suite(.timeLimit(.minutes(1)))
struct LatencyGrowthTests {
    private func line(_ bytes: [UInt8], _ closed: Bool) -> Int? {
        bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }
    }

    @Test func delayGrowsLinearlyWithTheTimeSinceTheFaultTookEffect() {
        var generator = SplitMix64(seed: 1)
        let growing = LatencyFault(.fixed(ms: 2), growthMsPerSecond: 0.5)
        #expect(growing.sampleNanoseconds(afterElapsed: 0, using: &generator) == 2_000_000)
        #expect(growing.sampleNanoseconds(afterElapsed: 10_000_000_000, using: &generator) == 7_000_000)
        #expect(growing.sampleNanoseconds(afterElapsed: 60_000_000_000, using: &generator) == 32_000_000)
        // Before the fault took effect (a clock read just before it) nothing is added.
        #expect(growing.sampleNanoseconds(afterElapsed: -5_000_000_000, using: &generator) == 2_000_000)
        // A delay that does not grow stays where it was.
        #expect(
            LatencyFault.fixed(ms: 2).sampleNanoseconds(afterElapsed: 3_600_000_000_000, using: &generator) == 2_000_000
        )
        // The growth term stops at one minute.
        let steep = LatencyFault(.fixed(ms: 0), growthMsPerSecond: 1000)
        #expect(steep.growthMs(afterElapsed: 3_600_000_000_000) == LatencyFault.maximumGrowthMs)
        // Growth adds to every distribution.
        let uniform = LatencyFault(.uniform(minMs: 10, maxMs: 20), growthMsPerSecond: 1)
        for _ in 0..<200 {
            #expect(
                (110_000_000...120_000_000).contains(
                    uniform.sampleNanoseconds(afterElapsed: 100_000_000_000, using: &generator)
                )
            )
        }
    }

    @Test func growthRoundTripsThroughJSONAndIsValidated() throws {
        let faults = try FaultSet(jsonData: Data(#"{"tcp":{"latency":{"ms":2,"growth_ms_per_s":0.5}}}"#.utf8))
        #expect(faults.tcp.latency == LatencyFault(.fixed(ms: 2), growthMsPerSecond: 0.5))
        #expect(try FaultSet(jsonData: faults.jsonData()) == faults)
        let growingJSON = String(decoding: faults.jsonData(), as: UTF8.self)
        #expect(growingJSON.contains("\"growth_ms_per_s\":0.5"))
        // Without growth the document is what it always was.
        let plain = FaultSet(tcp: ListenerFaults(latency: .fixed(ms: 3)))
        let plainJSON = String(decoding: plain.jsonData(), as: UTF8.self)
        #expect(!plainJSON.contains("growth"))
        #expect(
            throws: FaultValidationError(
                field: "faults.http.latency.growth_ms_per_s",
                reason: "must be a non-negative number"
            )
        ) {
            _ = try FaultSet(jsonData: Data(#"{"http":{"latency":{"ms":2,"growth_ms_per_s":-1}}}"#.utf8))
        }
    }

    @Test func faultFlagTakesAGrowthSuffixOnEveryForm() throws {
        var faults = FaultSet()
        for flag in ["http.latency=2+0.5/s", "ws.latency=uniform:10-50+1/s", "tcp.latency=normal:20,5+2.5/s"] {
            try FaultFlag.apply(flag, to: &faults)
        }
        #expect(faults.http.latency == LatencyFault(.fixed(ms: 2), growthMsPerSecond: 0.5))
        #expect(faults.ws.latency == LatencyFault(.uniform(minMs: 10, maxMs: 50), growthMsPerSecond: 1))
        #expect(faults.tcp.latency == LatencyFault(.normal(meanMs: 20, stddevMs: 5), growthMsPerSecond: 2.5))
        #expect(throws: FaultValidationError.self) { try FaultFlag.apply("http.latency=2+x/s", to: &faults) }
        #expect(throws: FaultValidationError.self) { try FaultFlag.apply("http.latency=2+/s", to: &faults) }
    }

    @Test func answersSlowDownWhileTheFaultLastsAndStartOverWhenItIsReplaced() async throws {
        try await withTarget { server in
            try await setFaults(#"{"tcp":{"latency":{"ms":0,"growth_ms_per_s":300}}}"#, on: server)
            let socket = try await TestSocket.connect(port: server.ports.tcp)
            let ping = { () async throws in
                try await socket.send("ping\n")
                #expect(try await socket.receive(until: line) == Array("ping\n".utf8))
            }
            let early = try await milliseconds(ping)
            try await Task.sleep(for: .seconds(1))
            // At least one second after the fault took effect: at least 300 ms added.
            let late = try await milliseconds(ping)
            #expect(late >= 295, "late answer took \(late) ms")
            #expect(late > early)
            // Setting the faults again is a new start: the delay is small again.
            try await setFaults(#"{"tcp":{"latency":{"ms":0,"growth_ms_per_s":300}}}"#, on: server)
            let restarted = try await milliseconds(ping)
            #expect(restarted < late, "restarted \(restarted) ms, late \(late) ms")
            await socket.close()
        }
    }
}
