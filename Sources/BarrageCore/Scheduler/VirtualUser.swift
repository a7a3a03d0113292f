import BarrageMetrics

/// One virtual user: its client sessions, variables and iteration counter. It lives on one worker and runs
/// only there.
///
/// `@unchecked Sendable`: made, used and closed by tasks of one worker, all on that worker's thread. Its state is
/// `@exclusivity(unchecked)` for the same reason: it is used on every iteration and never accessed overlappingly.
final class VirtualUser: @unchecked Sendable {
    let id: Int
    let runtime: ScenarioRuntime
    let worker: Worker
    let recorder: Recorder
    /// The VU's variables, which templates render from.
    let variables: VariableScope
    @exclusivity(unchecked) private var clients: [(any Client)?]
    @exclusivity(unchecked) private(set) var iteration = 0
    private var pauseTimer: LoopTimer?
    /// Start times of the groups open in the current iteration, innermost last (kept to reuse its storage).
    @exclusivity(unchecked) private var openGroups: [(row: Int, start: UInt64)] = []

    init(id: Int, runtime: ScenarioRuntime, worker: Worker, recorder: Recorder) {
        self.id = id
        self.runtime = runtime
        self.worker = worker
        self.recorder = recorder
        variables = VariableScope(vu: id + 1, initial: runtime.scenario.variables)
        clients = Array(repeating: nil, count: runtime.factories.count)
        openGroups.reserveCapacity(4)
    }

    /// Runs one iteration, started at `start`: draws its feeders' rows and its task, then every entry of the
    /// task in order until a step fails. In open models `start` is when the arrival was due
    /// (`startIsIntended`), and the first step's latency and the iteration's duration count from it. Returns
    /// when the iteration ended (the last step's end: no extra clock read), or nil when the run is stopping or
    /// the scenario's data ran out.
    func runIteration(startedAt start: UInt64, startIsIntended: Bool = false) async -> UInt64? {
        guard drawFeeders() else {
            runtime.exhaustion.set()
            return nil
        }
        variables.iteration = iteration
        var failure: ErrorKind?
        var end = start
        var firstStep = true
        // Empty unless the last iteration was interrupted inside a group: skip the call then.
        if !openGroups.isEmpty { openGroups.removeAll(keepingCapacity: true) }
        let program = runtime.programs[runtime.drawTask(using: &variables.random)]
        run: for instruction in program {
            switch instruction {
            case .step(let step):
                let client = clients[step.clientSlot] ?? makeClient(slot: step.clientSlot)
                let extracts = !step.extractions.isEmpty
                var sample = await client.execute(
                    step.definition,
                    context: StepContext(
                        vu: id,
                        iteration: iteration,
                        stepIndex: step.index,
                        variables: variables,
                        keepsResponse: extracts
                    )
                )
                if sample.error == .interrupted { return nil }
                if firstStep, startIsIntended, start < sample.start { sample.start = start }
                firstStep = false
                if extracts, sample.error == nil { sample.error = extract(step.extractions, from: client) }
                if sample.isRecorded { recorder.record(sample, stepSlot: step.slot) }
                end = max(end, sample.end)
                if let error = sample.error {
                    failure = error
                    break run
                }
            case .enterGroup(let row):
                openGroups.append((row, end))
            case .leaveGroup:
                let group = openGroups.removeLast()
                recorder.record(Sample(start: group.start, end: end), stepSlot: runtime.firstStepSlot + group.row)
            case .pause(let pause):
                let duration = pause.pause(afterIterationTaking: 0, using: &variables.random)
                guard duration > 0 else { continue }
                if await sleep(nanoseconds: duration) != .ready { return nil }
                end = MonotonicClock.now()
            }
        }
        if let failure {
            while let group = openGroups.popLast() {
                recorder.record(
                    Sample(start: group.start, end: end, error: failure),
                    stepSlot: runtime.firstStepSlot + group.row
                )
            }
        }
        recorder.recordIteration(Sample(start: start, end: end, error: failure), scenario: runtime.index)
        iteration += 1
        return end
    }

    /// Applies a successful step's extractions; the error kind when one found nothing.
    private func extract(_ extractions: [Extraction], from client: any Client) -> ErrorKind? {
        for extraction in extractions {
            guard let value = extraction.value(in: client.responseText(extraction.field)) else {
                return .extractionFailed
            }
            variables[extraction.variable] = value
        }
        return nil
    }

    /// Draws a row from each feeder that is drawn per iteration (and, at the first iteration, from each that
    /// is drawn once per VU); false when one ran out and stops.
    private func drawFeeders() -> Bool {
        for feeder in runtime.scenario.feeders where iteration == 0 || !feeder.isPerVU {
            if !feeder.draw(into: variables, vu: id) { return false }
        }
        return true
    }

    /// How long to pause, as the scenario's think time says, after an iteration that ran from `start` to `end`,
    /// but not past `limit` (the end of the VU's active window); 0 for no pause. Not `async`: without think time
    /// (the common case under load) the loop goes on without another async call.
    func pauseAfterIteration(startedAt start: UInt64, endedAt end: UInt64, notPast limit: UInt64) -> UInt64 {
        let pause = runtime.scenario.thinkTime.pause(afterIterationTaking: end - start, using: &variables.random)
        guard pause > 0, limit > end else { return 0 }
        return min(pause, limit - end)
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
