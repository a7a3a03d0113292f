import BarrageCore
import BarrageMetrics

/// A VU's Redis session: one connection per distinct `RedisConnectionSettings`, kept across steps and
/// iterations; a connection whose byte stream can no longer be trusted (timeout, reset, malformed reply) is
/// dropped and made anew by the next step. Error replies and failed checks keep the connection.
///
/// Confined to its VU's worker thread: the scheduler calls `execute` and `close` there only.
final class RedisClient: Client {
    private let worker: Worker
    private var connections: [RedisConnection] = []

    init(worker: Worker) {
        self.worker = worker
    }

    func execute(_ definition: any StepDefinition, context: StepContext) async -> Sample {
        let step = definition as! RedisStep
        let start = MonotonicClock.now()
        let deadline = start + step.timeout
        var sample = Sample(start: start)

        // Clock reads: the start, the end of connecting and of the handshake (when they happen), the last read.
        var sendingAt = start
        var connection = connections.first { $0.settings == step.settings }
        if connection == nil {
            let connectDeadline = start + min(step.connectTimeout, step.timeout)
            switch await RedisConnection.connect(step.settings, worker: worker, timeout: connectDeadline - start) {
            case .success(let made):
                let connectedAt = MonotonicClock.now()
                sample.phases[0] = connectedAt - start
                if let error = await made.performHandshake(deadline: connectDeadline) {
                    made.close()
                    sample.error = error
                    sample.end = MonotonicClock.now()
                    return sample
                }
                if step.settings.handshakeReplies > 0 {
                    sendingAt = MonotonicClock.now()
                    sample.phases[1] = sendingAt - connectedAt
                } else {
                    sendingAt = connectedAt
                }
                connections.append(made)
                connection = made
            case .failure(let error):
                sample.error = error
                sample.end = MonotonicClock.now()
                return sample
            }
        }
        guard let connection else { return sample }

        if let error = await connection.send(step.request, deadline: deadline) {
            drop(connection)
            sample.error = error
            sample.end = MonotonicClock.now()
            return sample
        }
        sample.bytesSent = step.request.count
        let outcome = await connection.receive(
            replies: step.commandCount,
            expectation: step.expectation,
            now: sendingAt,
            deadline: deadline
        )
        sample.end = outcome.endedAt
        sample.bytesReceived = outcome.bytesRead
        if outcome.firstByteAt > 0 { sample.phases[2] = outcome.firstByteAt - sendingAt }
        sample.error = outcome.error
        if outcome.broken { drop(connection) }
        return sample
    }

    private func drop(_ connection: RedisConnection) {
        connection.close()
        connections.removeAll { $0 === connection }
    }

    func close() async {
        for connection in connections { connection.close() }
        connections.removeAll()
    }
}
