import BarrageConfig
import BarrageCore
import BarrageHTTP
import BarrageTarget
import BarrageTesting
import Testing

/// The HTTP client runs the conformance checks every client runs. Serialized: they count file descriptors.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct HTTPConformanceTests {
    private func step(_ yaml: String) throws -> any StepDefinition {
        try HTTPClientFactory().parseStep(protocolName: "http", try YAMLSource.parse(yaml, file: "step.yaml"))
    }

    @Test func theHTTPClientConforms() async throws {
        let target = try await TargetServer.start(TargetConfiguration.ephemeral())
        let silent = SilentServer()
        let resetting = ResettingServer()
        defer {
            silent.stop()
            resetting.stop()
        }
        let steps = ClientConformance.Steps(
            working: try step("{url: 'http://127.0.0.1:\(target.ports.http)/echo', method: POST, body: hello}"),
            refused: try step("{url: 'http://127.0.0.1:\(ConformanceServers.closedPort())/'}"),
            hanging: try step("{url: 'http://127.0.0.1:\(silent.port)/', timeout: 300ms}"),
            reset: try step("{url: 'http://127.0.0.1:\(resetting.port)/', timeout: 2s}")
        )
        let report = await ClientConformance(factory: HTTPClientFactory(), protocolName: "http", steps: steps).verify()
        try await target.stop()
        #expect(report.conforms, "\(report)")
    }
}
