import BarrageCLI
import BarrageCore
import BarrageMetrics
import BarrageSocket
import Foundation
import RedisClient
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1)))
struct RedisAuthTests {
    @Test func theRightPasswordAuthenticatesAndAWrongOneIsAuthFailed() async throws {
        let server = try await RedisServer.start(password: "s3cret-pass")
        defer { server.stop() }
        let address = server.address
        let result = try await RedisRunHarness.run(
            iterations: 3,
            flows: [
                """
                - redis: {address: "\(address)", password: s3cret-pass, command: [PING], expect: {equals: PONG}}
                - redis: {address: "\(address)", password: s3cret-pass, protocol: 3, database: 2, command: [PING]}
                """,
                """
                - redis: {address: "\(address)", password: wrong, command: [PING]}
                """,
                """
                - redis: {address: "\(address)", command: [PING]}
                """,
                """
                - redis: {address: "\(address)", password: wrong, protocol: 3, command: [PING]}
                """,
            ]
        )
        #expect(result.step(0, 0).successes == 3)
        #expect(result.step(0, 1).successes == 3)
        // A rejected AUTH ends the connection attempt: tried again, and rejected again, each iteration.
        #expect(result.step(1, 0).errors == ["redis_auth_failed": 3])
        #expect(result.step(2, 0).errors == ["redis_noauth": 3])
        #expect(result.step(3, 0).errors == ["redis_auth_failed": 3])
    }

    @Test func thePasswordComesFromTheEnvironmentAndIsNeverPrinted() async throws {
        let secret = "env-\(UUID().uuidString)"
        let server = try await RedisServer.start(password: secret)
        defer { server.stop() }
        setenv("REDIS_PASSWORD", secret, 1)
        let folder = NSTemporaryDirectory() + "barrage-redis-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/auth.yaml"
        try """
        scenarios:
          auth:
            load: {model: per-user-iterations, users: 1, iterations: 2}
            flow:
              - redis: {address: "\(server.address)", password: "${REDIS_PASSWORD}", command: [PING], expect: {equals: PONG}}
        """.write(toFile: path, atomically: true, encoding: .utf8)

        let authsBefore = try server.calls(of: "auth")
        let run = await CommandLineCapture.run(["run", path, "--workers", "1", "--out", folder + "/out"])
        #expect(run.status == 0, "\(run.out)\(run.err)")
        #expect(!run.out.contains(secret) && !run.err.contains(secret))
        let result = try String(contentsOfFile: folder + "/out/result.json", encoding: .utf8)
        #expect(!result.contains(secret))
        // One AUTH for the run's one connection, one for this redis-cli call's own.
        #expect(try server.calls(of: "auth") - authsBefore == 2)
    }
}

/// Runs a `barrage-redis` command line in this process and captures what it prints.
enum CommandLineCapture {
    struct Outcome {
        var status: Int32
        var out: String
        var err: String
    }

    static func run(_ arguments: [String]) async -> Outcome {
        let out = Mutex("")
        let err = Mutex("")
        let console = Console(
            isTerminal: false,
            out: { text in out.withLock { $0 += text } },
            err: { text in err.withLock { $0 += text } }
        )
        let status = await BarrageCLI.execute(
            arguments: arguments,
            registry: RedisRunHarness.registry,
            console: console
        )
        return Outcome(status: status, out: out.withLock { $0 }, err: err.withLock { $0 })
    }
}
