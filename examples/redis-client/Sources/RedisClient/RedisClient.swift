import BarrageCore
import BarrageMetrics

/// A VU's Redis session: one connection per distinct `RedisConnectionSettings`, kept across steps and
/// iterations; a connection whose byte stream can no longer be trusted (timeout, reset, malformed reply) is
/// dropped and made anew by the next step. Error replies and failed checks keep the connection.
///
/// Templated steps are encoded per execution into `requestBuffer`, which the session keeps; constant steps
/// write the bytes their definition encoded at load time. The last reply is kept as text (`RESPText`) only
/// when the step extracts from it (`StepContext.keepsResponse`).
///
/// Confined to its VU's worker thread: the scheduler calls `execute`, `responseText` and `close` there only.
final class RedisClient: Client {
    private let worker: Worker
    private var connections: [RedisConnection] = []
    /// The request of a templated step, rendered anew each execution; its capacity is kept.
    private var requestBuffer: [UInt8] = []
    /// The last step's last reply as text, when that step extracts; nil otherwise (and for a null reply).
    private var lastReply: String?

    init(worker: Worker) {
        self.worker = worker
    }

    func execute(_ definition: any StepDefinition, context: StepContext) async -> Sample {
        let step = definition as! RedisStep
        let start = MonotonicClock.now()
        let deadline = start + step.timeout
        var sample = Sample(start: start)
        lastReply = nil

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

        let request: [UInt8]
        if let template = step.requestTemplate {
            template.encode(context.variables, into: &requestBuffer)
            request = requestBuffer
        } else {
            request = step.request
        }
        if let error = await connection.send(request, deadline: deadline) {
            drop(connection)
            sample.error = error
            sample.end = MonotonicClock.now()
            return sample
        }
        sample.bytesSent = request.count
        let outcome = await connection.receive(
            replies: step.commandCount,
            expectation: step.expectation?.rendered(context.variables),
            keepsLastReply: context.keepsResponse,
            now: sendingAt,
            deadline: deadline
        )
        sample.end = outcome.endedAt
        sample.bytesReceived = outcome.bytesRead
        if outcome.firstByteAt > 0 { sample.phases[2] = outcome.firstByteAt - sendingAt }
        sample.error = outcome.error
        lastReply = outcome.lastReply
        if outcome.broken { drop(connection) }
        return sample
    }

    /// The last reply of the last step as text (`RESPText`: strings as they are, numbers as digits, arrays and
    /// maps as JSON), for `extract:`; nil for a null reply and for every field but `.body`.
    func responseText(_ field: ResponseField) -> String? {
        field == .body ? lastReply : nil
    }

    private func drop(_ connection: RedisConnection) {
        connection.close()
        connections.removeAll { $0 === connection }
    }

    func close() async {
        for connection in connections { connection.close() }
        connections.removeAll()
        lastReply = nil
    }
}
