import BarrageCore
import BarrageMetrics
import CLibWebSockets

/// A VU's WebSocket session: at most one open connection, kept across steps and iterations until a `close` step,
/// a failure that leaves it unusable, or the next `connect` (unless that one says `reuse`).
///
/// `final class`: owns the connection; made, used and closed on its VU's worker thread.
final class WebSocketClient: Client {
    private let worker: Worker
    private let lws: LWSContext?
    private var connection: WebSocketConnection?
    /// Whether the current step extracts: keep the message it matched.
    private var keepsResponse = false
    /// The message the last step matched (expect) or received last, when it extracts.
    private var lastMessage: String?

    init(worker: Worker) {
        self.worker = worker
        lws = LWSContext.of(worker)
    }

    func execute(_ definition: any StepDefinition, context: StepContext) async -> Sample {
        // `as!` to the final class: `as AnyObject` would go through the runtime's bridging (conformance lookups).
        let step = definition as! WebSocketStep
        var sample = Sample(start: MonotonicClock.now())
        let deadline = sample.start + step.timeout
        keepsResponse = context.keepsResponse
        lastMessage = nil
        // A kept connection: nothing to render, no handshake, nothing to record.
        if step.reuses, let connection, connection.state == .open { return .unrecorded(at: sample.start) }
        if let plan = step.sendPlan {
            if plan.opensConnection, connection?.state != .open, case .connectAndSend(let connect, _) = step.action {
                await self.connect(connect.rendered(context.variables), deadline: deadline, sample: &sample)
                guard sample.error == nil else { return sample }
            }
            guard let connection = openConnection(&sample) else { return sample }
            await send(plan, on: connection, variables: context.variables, deadline: deadline, sample: &sample)
            return sample
        }
        switch step.action {
        case .connect(let options):
            await connect(options.rendered(context.variables), deadline: deadline, sample: &sample)
        case .send, .connectAndSend:
            break  // `sendPlan` above
        case .expect(let match):
            guard let connection = openConnection(&sample) else { break }
            if let sentAt = connection.unansweredSendAt { sample.start = sentAt }
            await expect(match, on: connection, deadline: deadline, sample: &sample)
        case .receive(let options):
            guard let connection = openConnection(&sample) else { break }
            await receive(options, on: connection, deadline: deadline, sample: &sample)
        case .ping(let payload):  // the one read of the ping's payload
            guard let connection = openConnection(&sample) else { break }
            let pongs = connection.pongs
            if let error = await connection.send(payload, opcode: LWS_WRITE_PING, until: deadline) {
                finish(&sample, error, status: error == connection.failure ? connection.failureStatus : 0)
                break
            }
            sample.bytesSent = payload.utf8.count
            while connection.pongs == pongs {
                if let failure = await waitForEvent(on: connection, until: deadline) {
                    finish(&sample, failure.kind, status: failure.status)
                    return sample
                }
            }
            sample.end = MonotonicClock.now()
        case .close(let code, let reason):
            guard let connection = openConnection(&sample) else { break }
            connection.startClose(code: code, reason: reason)
            while connection.state != .closed {
                if let failure = await waitForEvent(on: connection, until: deadline) {
                    finish(&sample, failure.kind, status: failure.status)
                    return sample
                }
            }
            drop()
            sample.end = MonotonicClock.now()
        }
        return sample
    }

    /// The message the last step matched (`send` with `expect`, `expect`, `connect` with `expect`) or the last
    /// one `receive` counted, as UTF-8 text.
    func responseText(_ field: ResponseField) -> String? {
        field == .body ? lastMessage : nil
    }

    // MARK: Steps

    private func connect(_ options: WebSocketConnectOptions, deadline: UInt64, sample: inout Sample) async {
        drop()
        guard let lws else {
            finish(&sample, .clientError)
            return
        }
        let made = WebSocketConnection(lws: lws, worker: worker)
        connection = made
        if let error = made.open(options) {
            finish(&sample, error, status: made.failureStatus)
            return
        }
        while made.state == .connecting {
            switch await made.wait(until: deadline) {
            case .event: continue
            case .timedOut:
                finish(&sample, .timeout)
                return
            case .cancelled:
                finish(&sample, .interrupted)
                return
            }
        }
        guard made.state == .open else {
            finish(&sample, made.failure ?? .closedByPeer, status: made.failureStatus)
            return
        }
        // Only a handshake that happened fills the phase and the status: a `reuse` that kept the connection
        // records neither, so the phase's histogram and the count of 101s are the connections actually opened.
        sample.phases[0] = max(1, MonotonicClock.now() &- sample.start)
        sample.status = 101
        for message in options.onOpen {
            if let error = await made.send(message, opcode: LWS_WRITE_TEXT, until: deadline) {
                finish(&sample, error, status: error == made.failure ? made.failureStatus : 0)
                return
            }
            sample.bytesSent += message.utf8.count
        }
        if let match = options.expect {
            let start = sample.start
            await expect(match, on: made, deadline: deadline, sample: &sample)
            sample.start = start
        } else {
            sample.end = MonotonicClock.now()
        }
    }

    /// Sends the step's message and, when it says `expect`, waits for the answer.
    private func send(
        _ plan: WebSocketStep.SendPlan,
        on connection: WebSocketConnection,
        variables: VariableScope,
        deadline: UInt64,
        sample: inout Sample
    ) async {
        let opcode = plan.options.binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT
        let text = plan.options.textTemplate?.render(variables) ?? plan.options.text  // the one read of the text
        if let error = await connection.send(text, opcode: opcode, until: deadline) {
            finish(&sample, error, status: error == connection.failure ? connection.failureStatus : 0)
            return
        }
        sample.bytesSent += text.utf8.count
        guard plan.options.expect != nil else {
            connection.unansweredSendAt = sample.start
            sample.end = MonotonicClock.now()
            return
        }
        await expect(plan.options.expect.unsafelyUnwrapped, on: connection, deadline: deadline, sample: &sample)
    }

    /// Consumes messages until one passes `match`; the sample ends when that one arrived. When the deadline passes
    /// after messages that did not match, the step failed its check (`check_failed`), else it timed out.
    private func expect(
        _ match: MessageMatch,
        on connection: WebSocketConnection,
        deadline: UInt64,
        sample: inout Sample
    ) async {
        connection.unansweredSendAt = nil
        var skipped = false
        while true {
            while let record = connection.messages.first {
                let bytes = connection.messages.bytes(of: record)
                let passes = match.passes(bytes, binary: record.binary)
                if passes, keepsResponse { lastMessage = String(decoding: bytes, as: UTF8.self) }
                connection.messages.removeFirst()
                connection.previousArrival = record.arrivedAt
                sample.bytesReceived += record.length
                if passes {
                    sample.end = max(record.arrivedAt, sample.start)
                    reportDrops(on: connection, &sample)
                    return
                }
                skipped = true
            }
            if let failure = await waitForEvent(on: connection, until: deadline) {
                // Messages came but none matched: the check failed, the server was not silent.
                let kind = failure.kind == .timeout && skipped ? ErrorKind.checkFailed : failure.kind
                finish(&sample, kind, status: failure.status)
                return
            }
        }
    }

    /// Receives `count` messages, or every message until the duration ends.
    private func receive(
        _ options: WebSocketReceiveOptions,
        on connection: WebSocketConnection,
        deadline: UInt64,
        sample: inout Sample
    ) async {
        let until = options.duration.map { sample.start + $0 } ?? deadline
        var received = 0
        var gaps: UInt64 = 0
        var gapCount: UInt64 = 0
        var worstLag: UInt64 = 0
        while options.count.map({ received < $0 }) ?? true {
            while let record = connection.messages.first {
                let bytes = connection.messages.bytes(of: record)
                let passes = options.match?.passes(bytes, binary: record.binary) ?? true
                if passes, keepsResponse { lastMessage = String(decoding: bytes, as: UTF8.self) }
                if passes, let lag = options.lag, let sentAt = lag.sentAt(in: bytes) {
                    let arrivedAt = Int64(bitPattern: record.arrivedAt) &+ connection.realtimeOffset
                    let oneWay = arrivedAt - Int64(bitPattern: sentAt)
                    worstLag = max(worstLag, oneWay > 0 ? UInt64(oneWay) : 1)
                }
                connection.messages.removeFirst()
                sample.bytesReceived += record.length
                guard passes else { continue }
                if connection.previousArrival > 0, record.arrivedAt > connection.previousArrival {
                    gaps += record.arrivedAt - connection.previousArrival
                    gapCount += 1
                }
                connection.previousArrival = record.arrivedAt
                if received == 0 { sample.phases[0] = max(1, record.arrivedAt &- sample.start) }
                received += 1
                sample.end = max(record.arrivedAt, sample.start)
                if let count = options.count, received == count { break }
            }
            if let count = options.count, received >= count { break }
            if let failure = await waitForEvent(on: connection, until: until) {
                if failure.kind == .timeout, options.duration != nil { break }
                finish(&sample, failure.kind, status: failure.status)
                return
            }
        }
        if gapCount > 0 { sample.phases[1] = max(1, gaps / gapCount) }
        sample.phases[2] = worstLag
        if options.duration != nil {
            sample.end = MonotonicClock.now()
            if received < options.minimum { sample.error = .timeout }
        }
        reportDrops(on: connection, &sample)
    }

    /// Fails a reading step that succeeded with `messages_dropped` when the connection dropped messages since a step
    /// last reported it (the queue was full, or a message too large): once per loss, and the connection stays open.
    private func reportDrops(on connection: WebSocketConnection, _ sample: inout Sample) {
        let dropped = connection.messages.dropped
        guard dropped != connection.reportedDrops, sample.error == nil else { return }
        connection.reportedDrops = dropped
        sample.error = .messagesDropped
    }

    // MARK: Helpers

    /// Why a step ended early: an error kind, and the close code when the server closed the connection.
    private struct Failure {
        var kind: ErrorKind
        var status: UInt16 = 0
    }

    /// Waits for the next event; returns why the step ends (the deadline, an abort, the connection gone), or nil to
    /// look again.
    private func waitForEvent(on connection: WebSocketConnection, until deadline: UInt64) async -> Failure? {
        if connection.state == .closed {
            let failure = Failure(kind: connection.failure ?? .closedByPeer, status: connection.failureStatus)
            if connection.messages.isEmpty { drop() }
            return failure
        }
        switch await connection.wait(until: deadline) {
        case .event: return nil
        case .timedOut: return Failure(kind: .timeout)
        case .cancelled: return Failure(kind: .interrupted)
        }
    }

    /// The VU's open connection, or nil after marking the sample `not_connected` (or with why it closed).
    private func openConnection(_ sample: inout Sample) -> WebSocketConnection? {
        if let connection, connection.state == .open || !connection.messages.isEmpty { return connection }
        if let connection, let failure = connection.failure {
            finish(&sample, failure, status: connection.failureStatus)
            drop()
            return nil
        }
        finish(&sample, .notConnected)
        return nil
    }

    private func finish(_ sample: inout Sample, _ error: ErrorKind, status: UInt16 = 0) {
        sample.error = error
        if status != 0 { sample.status = status }
        sample.end = MonotonicClock.now()
        // After a timeout an answer may still come and be taken for the next one: the stream cannot be trusted.
        if error == .timeout || error == .interrupted { drop() }
    }

    private func drop() {
        connection?.abandon()
        connection = nil
    }

    func close() async {
        drop()
    }
}
