import BarrageCore
import BarrageMetrics

/// A VU's Postgres session: one connection per distinct connection settings, kept across iterations and
/// made anew at the next step after it broke (lost, timed out, interrupted).
///
/// Worker-confined, like the connections it owns.
final class PostgresClient: Client {
    private let worker: Worker
    private var connections: [PostgresConnection] = []

    init(worker: Worker) {
        self.worker = worker
    }

    func execute(_ definition: any StepDefinition, context: StepContext) async -> Sample {
        let step = definition as! PostgresStep
        let start = MonotonicClock.now()
        let deadline = start + step.timeout
        var sample = Sample(start: start)

        var found = connections.first { $0.settings == step.connection }
        if found == nil {
            switch await PostgresConnection.connect(
                step.connection,
                worker: worker,
                deadline: start + min(step.connectTimeout, step.timeout)
            ) {
            case .success(let made):
                connections.append(made)
                found = made
                sample.phases[0] = MonotonicClock.now() - start
            case .failure(let error):
                sample.error = error == .connectTimeout && step.connectTimeout >= step.timeout ? .timeout : error
                sample.end = MonotonicClock.now()
                return sample
            }
        }
        guard let connection = found else { return sample }

        let sentBefore = connection.payloadSent
        let receivedBefore = connection.payloadReceived
        switch step.action {
        case .query(let statement):
            sample.error = await connection.run(statement, deadline: deadline)
        case .transaction(let statements):
            sample.error = await connection.runTransaction(statements, deadline: deadline)
        case .pipeline(let statements):
            sample.error = await connection.runPipeline(statements, deadline: deadline)
        }
        sample.end = MonotonicClock.now()
        sample.bytesSent = connection.payloadSent - sentBefore
        sample.bytesReceived = connection.payloadReceived - receivedBefore
        if !connection.isUsable { drop(connection) }
        return sample
    }

    private func drop(_ connection: PostgresConnection) {
        connection.close()
        connections.removeAll { $0 === connection }
    }

    func close() async {
        for connection in connections { connection.close() }
        connections.removeAll()
    }
}
