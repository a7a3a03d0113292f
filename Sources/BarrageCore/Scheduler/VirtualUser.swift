import BarrageMetrics

/// One virtual user: its client sessions and iteration counter. It lives on one worker and runs only there.
///
/// `@unchecked Sendable`: made, used and closed by tasks of one worker, all on that worker's thread.
final class VirtualUser: @unchecked Sendable {
    let id: Int
    let runtime: ScenarioRuntime
    let worker: Worker
    let recorder: Recorder
    private var clients: [(any Client)?]
    private(set) var iteration = 0
    private var pauseTimer: LoopTimer?
    private var random = SystemRandomNumberGenerator()

    init(id: Int, runtime: ScenarioRuntime, worker: Worker, recorder: Recorder) {
        self.id = id
        self.runtime = runtime
        self.worker = worker
        self.recorder = recorder
        clients = Array(repeating: nil, count: runtime.factories.count)
    }

    /// Runs one iteration, started at `start`: every step in order until one fails. In open models `start` is
    /// when the arrival was due (`startIsIntended`), and the first step's latency and the iteration's duration
    /// count from it. Returns when the iteration ended (the last step's end: no extra clock read), or nil when
    /// the run is stopping and the iteration was cut short.
    func runIteration(startedAt start: UInt64, startIsIntended: Bool = false) async -> UInt64? {
        var failure: ErrorKind?
        var end = start
        let flow = runtime.scenario.flow
        for index in flow.indices {
            let slot = runtime.clientSlots[index]
            let client = clients[slot] ?? makeClient(slot: slot)
            var sample = await client.execute(
                flow[index].definition,
                context: StepContext(vu: id, iteration: iteration, stepIndex: index)
            )
            if sample.error == .interrupted { return nil }
            if index == 0, startIsIntended, start < sample.start { sample.start = start }
            recorder.record(sample, stepSlot: runtime.firstStepSlot + index)
            end = max(end, sample.end)
            if let error = sample.error {
                failure = error
                break
            }
        }
        recorder.recordIteration(Sample(start: start, end: end, error: failure), scenario: runtime.index)
        iteration += 1
        return end
    }

    /// What the pause after an iteration did.
    enum Pause {
        /// No pause was due: the clock still reads the iteration's end.
        case none
        /// The VU slept; read the clock again.
        case slept
        /// A stop interrupted the pause.
        case interrupted
    }

    /// Pauses as the scenario's think time says after an iteration that ran from `start` to `end`, but not
    /// past `limit` (the end of the VU's active window).
    func thinkAfterIteration(startedAt start: UInt64, endedAt end: UInt64, notPast limit: UInt64) async -> Pause {
        let pause = runtime.scenario.thinkTime.pause(afterIterationTaking: end - start, using: &random)
        guard pause > 0, limit > end else { return .none }
        return await sleep(nanoseconds: min(pause, limit - end)) == .ready ? .slept : .interrupted
    }

    /// Sleeps on the VU's own timer.
    func sleep(nanoseconds: UInt64) async -> WaitOutcome {
        let timer = pauseTimer ?? LoopTimer(worker: worker)
        pauseTimer = timer
        return await timer.sleep(nanoseconds: nanoseconds)
    }

    /// Sleeps until a monotonic deadline.
    func sleep(until deadline: UInt64) async -> WaitOutcome {
        let now = MonotonicClock.now()
        return deadline > now ? await sleep(nanoseconds: deadline - now) : .ready
    }

    /// Closes every session and timer.
    func close() async {
        for slot in clients.indices {
            if let client = clients[slot] { await client.close() }
            clients[slot] = nil
        }
        pauseTimer?.close()
        pauseTimer = nil
    }

    private func makeClient(slot: Int) -> any Client {
        let factory = runtime.factories[slot]
        let client = factory.makeClient(
            context: ClientContext(
                worker: worker,
                vu: id,
                scenario: runtime.scenario.name,
                protocolName: runtime.scenario.protocolNames[slot]
            )
        )
        clients[slot] = client
        return client
    }
}
