import BarrageTarget
import Foundation
import NIOCore
import Testing

struct FaultModelTests {
    @Test func faultSetRoundTripsThroughJSON() throws {
        let faults = FaultSet(
            http: ListenerFaults(latency: .uniform(minMs: 1, maxMs: 5), error: ErrorFault(rate: 0.1, mode: .close)),
            ws: ListenerFaults(
                stall: StallFault(durationMs: 100, periodMs: 1000),
                slow: SlowFault(bytes: 8, intervalMs: 5)
            ),
            tcp: ListenerFaults(reset: ChanceFault(probability: 0.2), refuse: true, maxConnections: 10),
            udp: ListenerFaults(
                latency: .normal(meanMs: 3, stddevMs: 1),
                garbage: ChanceFault(probability: 0.5, bytes: 9)
            )
        )
        let decoded = try JSONDecoder().decode(FaultSet.self, from: faults.jsonData())
        #expect(decoded == faults)
        #expect(try FaultSet(jsonData: faults.jsonData()) == faults)
    }

    @Test func decodingErrorsNameTheOffendingField() {
        #expect(throws: FaultValidationError(field: "faults.tcp.latency.ms", reason: "must be a non-negative number")) {
            _ = try JSONDecoder().decode(FaultSet.self, from: Data(#"{"tcp":{"latency":{"ms":"x"}}}"#.utf8))
        }
    }

    @Test func stallScheduleHoldsOnlyInsideTheStallWindow() {
        let stall = StallFault(durationMs: 300, periodMs: 1000)
        #expect(stall.remainingNanoseconds(afterElapsed: 0) == 300_000_000)
        #expect(stall.remainingNanoseconds(afterElapsed: 100_000_000) == 200_000_000)
        #expect(stall.remainingNanoseconds(afterElapsed: 300_000_000) == 0)
        #expect(stall.remainingNanoseconds(afterElapsed: 999_000_000) == 0)
        #expect(stall.remainingNanoseconds(afterElapsed: 1_050_000_000) == 250_000_000)
    }

    @Test func latencySamplesStayInTheirDistribution() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<1000 {
            let uniform = LatencyFault.uniform(minMs: 10, maxMs: 20).sampleNanoseconds(using: &generator)
            #expect((10_000_000...20_000_000).contains(uniform))
            #expect(LatencyFault.normal(meanMs: 1, stddevMs: 50).sampleNanoseconds(using: &generator) >= 0)
        }
        let mean =
            (0..<2000).map { _ in
                Double(LatencyFault.normal(meanMs: 40, stddevMs: 5).sampleNanoseconds(using: &generator))
            }.reduce(0, +) / 2000
        #expect(abs(mean - 40_000_000) < 1_000_000)
    }

    @Test func faultFlagsBecomeTheSameFaultsAsJSON() throws {
        var faults = FaultSet()
        for flag in [
            "http.latency=20", "ws.latency=uniform:10-50", "udp.latency=normal:20,5", "http.error=0.1:close",
            "tcp.stall=300/1000", "http.slow=16/10", "tcp.reset=0.05", "udp.garbage=0.1:32", "ws.refuse",
            "tcp.max-connections=100",
        ] {
            try FaultFlag.apply(flag, to: &faults)
        }
        #expect(faults.http.latency == .fixed(ms: 20))
        #expect(faults.ws.latency == .uniform(minMs: 10, maxMs: 50))
        #expect(faults.udp.latency == .normal(meanMs: 20, stddevMs: 5))
        #expect(faults.http.error == ErrorFault(rate: 0.1, mode: .close))
        #expect(faults.tcp.stall == StallFault(durationMs: 300, periodMs: 1000))
        #expect(faults.http.slow == SlowFault(bytes: 16, intervalMs: 10))
        #expect(faults.tcp.reset == ChanceFault(probability: 0.05))
        #expect(faults.udp.garbage == ChanceFault(probability: 0.1, bytes: 32))
        #expect(faults.ws.refuse == true)
        #expect(faults.tcp.maxConnections == 100)
    }

    @Test func badFaultFlagsNameTheField() {
        var faults = FaultSet()
        #expect(throws: FaultValidationError(field: "faults.tcp.latency.ms", reason: "must be a non-negative number")) {
            try FaultFlag.apply("tcp.latency=-3", to: &faults)
        }
        #expect(throws: FaultValidationError.self) { try FaultFlag.apply("smtp.latency=3", to: &faults) }
        #expect(throws: FaultValidationError.self) { try FaultFlag.apply("udp.reset=0.5", to: &faults) }
    }

    @Test func faultPlanWithoutFaultsAnswersAtOnce() {
        var generator = SplitMix64(seed: 1)
        let plan = FaultPlan.draw(ListenerFaults(), since: .now(), now: .now(), using: &generator)
        #expect(plan == .none)
    }
}
