import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageSocket
import BarrageTarget
import BarrageTesting
import Testing

/// The Socket clients run the same conformance checks a third-party client runs. Serialized: the checks count
/// the process's open file descriptors, so nothing else in this suite may open any meanwhile.
@Suite(.timeLimit(.minutes(1)), .serialized)
struct SocketConformanceTests {
    private func step(_ yaml: String, protocolName: String) throws -> any StepDefinition {
        try SocketClientFactory().parseStep(protocolName: protocolName, try YAMLSource.parse(yaml, file: "step.yaml"))
    }

    @Test func theTCPClientConforms() async throws {
        let target = try await SocketRunHarness.startTarget()
        let silent = SilentServer()
        let resetting = ResettingServer()
        defer {
            silent.stop()
            resetting.stop()
        }
        let steps = ClientConformance.Steps(
            working: try step(
                "{address: '127.0.0.1:\(target.ports.tcp)', send: \"ping\\n\", read: line}",
                protocolName: "tcp"
            ),
            refused: try step(
                "{address: '127.0.0.1:\(ConformanceServers.closedPort())', send: x}",
                protocolName: "tcp"
            ),
            hanging: try step(
                "{address: '127.0.0.1:\(silent.port)', send: \"x\\n\", read: line, timeout: 300ms}",
                protocolName: "tcp"
            ),
            reset: try step(
                "{address: '127.0.0.1:\(resetting.port)', send: \"x\\n\", read: line, timeout: 2s}",
                protocolName: "tcp"
            )
        )
        let report = await ClientConformance(factory: SocketClientFactory(), protocolName: "tcp", steps: steps).verify()
        try await target.stop()
        #expect(report.conforms, "\(report)")
        #expect(report.passed.count >= 12)
    }

    @Test func theUDPClientConforms() async throws {
        let target = try await SocketRunHarness.startTarget()
        let silent = SilentServer(.udp)
        defer { silent.stop() }
        let steps = ClientConformance.Steps(
            working: try step("{address: '127.0.0.1:\(target.ports.udp)', send: hello}", protocolName: "udp"),
            refused: try step(
                "{address: '127.0.0.1:\(ConformanceServers.closedPort())', send: x}",
                protocolName: "udp"
            ),
            hanging: try step("{address: '127.0.0.1:\(silent.port)', send: x, timeout: 300ms}", protocolName: "udp"),
            hangingError: .datagramLost
        )
        let report = await ClientConformance(factory: SocketClientFactory(), protocolName: "udp", steps: steps).verify()
        try await target.stop()
        #expect(report.conforms, "\(report)")
    }
}
