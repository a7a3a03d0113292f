import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarragePostgres
import BarrageTesting
import Testing

/// The PostgreSQL client runs the conformance checks every client runs. Serialized: they count file descriptors.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PostgresConformanceTests {
    private func step(_ yaml: String) throws -> any StepDefinition {
        try PostgresClientFactory().parseStep(protocolName: "postgres", try YAMLSource.parse(yaml, file: "step.yaml"))
    }

    @Test func thePostgresClientConforms() async throws {
        let cluster = try PostgresCluster.get()
        let silent = SilentServer()
        defer { silent.stop() }
        let steps = ClientConformance.Steps(
            working: try step("{dsn: '\(cluster.dsn)', query: 'SELECT 1', expect: {rows: 1}}"),
            refused: try step(
                "{dsn: 'host=127.0.0.1 port=\(ConformanceServers.closedPort()) dbname=x user=x', query: 'SELECT 1'}"
            ),
            hanging: try step(
                "{dsn: 'host=127.0.0.1 port=\(silent.port) dbname=x user=x', query: 'SELECT 1', timeout: 300ms}"
            )
        )
        let report = await ClientConformance(factory: PostgresClientFactory(), protocolName: "postgres", steps: steps)
            .verify()
        #expect(report.conforms, "\(report)")
    }
}
