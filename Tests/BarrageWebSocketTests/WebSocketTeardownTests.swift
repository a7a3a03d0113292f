import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// What a run leaves behind when its workers stop with connections still open.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebSocketTeardownTests {
    /// The process's open descriptors, by what they point at (`/dev/urandom`, `socket:[…]` as `socket`, …).
    static func openDescriptors() -> [String: Int] {
        var counts: [String: Int] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for name in names {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")
            else { continue }
            let kind = target.hasPrefix("socket:") ? "socket" : target
            counts[kind, default: 0] += 1
        }
        return counts
    }

    @Test func runsThatEndWithOpenConnectionsLeaveNoLWSDescriptorsBehind() async throws {
        let target = try await WebSocketRunHarness.startTarget()
        let plan = try WebSocketRunHarness.plan(
            users: 4,
            iterations: 2,
            flow: """
                      - ws: {connect: "ws://127.0.0.1:\(target.ports.ws)/echo", reuse: true}
                      - ws: {send: "left open", expect: "left open"}
                """
        )
        // lws keeps /dev/urandom open per context (each worker's) for the frame masks, until the context is freed:
        // 6 runs of 3 workers leave 18 behind when the second lws_context_destroy is missing.
        let before = Self.openDescriptors()["/dev/urandom", default: 0]
        for _ in 0..<6 {
            let result = await WebSocketRunHarness.run(plan, workers: 3)
            #expect(result.steps[1].successes == 8)
        }
        try await target.stop()
        // Other suites running in parallel may hold contexts of their own for a while: wait for them to end.
        var after = Self.openDescriptors()["/dev/urandom", default: 0]
        for _ in 0..<300 where after > before {
            try await Task.sleep(nanoseconds: 100_000_000)
            after = Self.openDescriptors()["/dev/urandom", default: 0]
        }
        #expect(after <= before, "\(before) before, \(after) after: \(Self.openDescriptors())")
    }
}
