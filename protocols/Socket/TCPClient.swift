import BarrageCore
import BarrageMetrics

/// A VU's TCP session: its connections (one per address), kept across iterations unless the step asks for
/// a new one each iteration; a connection that failed is dropped and made anew next time.
final class TCPClient: Client {
    private let worker: Worker
    private var connections: [TCPConnection] = []
    /// The last reply, kept when a step extracts from it.
    private var lastReply: String?

    init(worker: Worker) {
        self.worker = worker
    }

    func execute(_ definition: any StepDefinition, context: StepContext) async -> Sample {
        let step = definition as! TCPStep
        let start = MonotonicClock.now()
        let deadline = start + step.timeout
        var sample = Sample(start: start)

        var connection = connections.first { $0.address == step.address }
        if let existing = connection, step.connection == .perIteration, existing.iteration != context.iteration {
            drop(existing)
            connection = nil
        }
        // Clock reads are kept to the start, the end of connecting (when it happens) and the reply's arrival.
        var sendingAt = start
        if connection == nil {
            switch await TCPConnection.connect(
                to: step.address,
                worker: worker,
                iteration: context.iteration,
                timeout: min(step.connectTimeout, step.timeout)
            ) {
            case .success(let made):
                connections.append(made)
                connection = made
                sendingAt = MonotonicClock.now()
                sample.phases[0] = sendingAt - start
            case .failure(let error):
                sample.error = error
                sample.end = MonotonicClock.now()
                return sample
            }
        }
        guard let connection else { return sample }

        let payload = step.payloadTemplate.map { Array($0.render(context.variables).utf8) } ?? step.payload
        if let error = await connection.send(payload, deadline: deadline) {
            drop(connection)
            sample.error = error
            sample.end = MonotonicClock.now()
            return sample
        }
        sample.bytesSent = payload.count
        let delimiter = step.read.delimiter
        let keepsReply = context.keepsResponse
        lastReply = nil
        let reply = await connection.receive(step.read, now: sendingAt, deadline: deadline) { bytes in
            if keepsReply { lastReply = ReplyText.text(of: bytes, delimiter: delimiter) }
            return step.check?.passes(bytes, delimiter: delimiter) ?? true
        }
        sample.end = reply.endedAt
        sample.bytesReceived = reply.bytesRead
        if reply.firstByteAt > 0 { sample.phases[1] = reply.firstByteAt - sendingAt }
        sample.error = reply.error
        if let error = reply.error, error != .checkFailed { drop(connection) }
        return sample
    }

    /// The last reply (without its delimiter), when the step asked to keep it.
    func responseText(_ field: ResponseField) -> String? {
        field == .body ? lastReply : nil
    }

    private func drop(_ connection: TCPConnection) {
        connection.close()
        connections.removeAll { $0 === connection }
    }

    func close() async {
        for connection in connections { connection.close() }
        connections.removeAll()
    }
}
