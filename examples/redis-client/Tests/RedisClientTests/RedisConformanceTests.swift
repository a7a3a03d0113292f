import BarrageConfig
import BarrageCore
import BarrageTesting
import RedisClient
import Testing

/// The Redis client runs the conformance checks every Barrage client runs: a working step, refused, hanging
/// and reset peers, a loop never blocked, prompt aborts, descriptors released. Serialized: the checks count the
/// process's open descriptors.
@Suite(.timeLimit(.minutes(1)), .serialized)
struct RedisConformanceTests {
    private func step(_ yaml: String) throws -> any StepDefinition {
        try RedisClientFactory().parseStep(protocolName: "redis", try YAMLSource.parse(yaml, file: "step.yaml"))
    }

    @Test func theRedisClientConforms() async throws {
        let server = try await RedisServer.start(password: "conformance")
        let silent = SilentServer()
        let resetting = ResettingServer()
        defer {
            silent.stop()
            resetting.stop()
            server.stop()
        }
        let steps = ClientConformance.Steps(
            working: try step(
                "{address: '\(server.address)', password: conformance, database: 1, command: [SET, k, v]}"
            ),
            refused: try step("{address: '127.0.0.1:\(ConformanceServers.closedPort())', command: [PING]}"),
            hanging: try step("{address: '127.0.0.1:\(silent.port)', command: [PING], timeout: 300ms}"),
            reset: try step("{address: '127.0.0.1:\(resetting.port)', command: [PING], timeout: 2s}")
        )
        let report = await ClientConformance(factory: RedisClientFactory(), protocolName: "redis", steps: steps)
            .verify()
        #expect(report.conforms, "\(report)")
        #expect(report.passed.count >= 12, "\(report)")
    }
}
