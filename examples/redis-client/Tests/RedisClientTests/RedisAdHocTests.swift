import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct RedisAdHocTests {
    @Test func anAdHocRunSendsTheGivenCommandOncePerCountedStep() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let folder = NSTemporaryDirectory() + "barrage-redis-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = await CommandLineCapture.run([
            "run", "--url", "redis://\(server.address)", "--send", "INCR hits", "--users", "2", "--iterations", "50",
            "--workers", "1", "--quiet", "--out", folder,
        ])
        #expect(outcome.status == 0, "\(outcome.err)")
        #expect(try server.cli(["GET", "hits"]).contains("100"))
    }
}
