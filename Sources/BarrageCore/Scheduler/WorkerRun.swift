import BarrageMetrics

/// Everything one worker does in a run: its share of every scenario, plus housekeeping on a precise 10 ms
/// tick — measuring its own scheduling lag, handing a snapshot to the collector every second, and aborting
/// waits when the graceful stop expires.
struct WorkerRun: Sendable {
    let worker: Worker
    let plan: Plan
    let runtimes: [ScenarioRuntime]
    let share: Share
    let recorder: Recorder
    let collector: Collector
    let control: RunControl
    let origin: UInt64

    static let tick: UInt64 = 10_000_000
    static let interval: UInt64 = 1_000_000_000

    /// The housekeeping state, confined to the worker's thread.
    final class Housekeeping: @unchecked Sendable {
        var done = false
        var timer: PreciseTimer?
    }

    func run() async {
        let housekeeping = Housekeeping()
        await withTaskGroup(of: Void.self) { group in
            group.addTask(executorPreference: worker) { await keepHouse(housekeeping) }
            await withTaskGroup(of: Void.self) { scenarios in
                for runtime in runtimes {
                    scenarios.addTask(executorPreference: worker) { await runScenario(runtime) }
                }
            }
            housekeeping.done = true
            housekeeping.timer?.wake()
        }
    }

    private func runScenario(_ runtime: ScenarioRuntime) async {
        let load = runtime.scenario.load
        if let closed = load as? any ClosedLoadModel {
            await ClosedModelExecutor(
                model: closed,
                runtime: runtime,
                share: share,
                worker: worker,
                recorder: recorder,
                control: control
            ).run()
        } else if let open = load as? any OpenLoadModel {
            await OpenModelExecutor(
                model: open,
                runtime: runtime,
                share: share,
                worker: worker,
                recorder: recorder,
                control: control
            ).run()
        } else {
            preconditionFailure("load model \(type(of: load)) is neither closed nor open")
        }
    }

    /// When waits are aborted if iterations are still running: each scenario's end plus its graceful stop.
    private func naturalAbortTime() -> UInt64 {
        origin + (plan.scenarios.map { $0.load.duration + $0.gracefulStop }.max() ?? 0)
    }

    private func longestGracefulStop() -> UInt64 { plan.scenarios.map(\.gracefulStop).max() ?? 0 }

    private func keepHouse(_ housekeeping: Housekeeping) async {
        let timer = PreciseTimer(worker: worker, interruptible: false)
        housekeeping.timer = timer
        var due = origin + Self.tick
        var nextInterval = 1
        var sleepsInterrupted = false
        // Computed once: the tick below runs a hundred times a second and must not allocate.
        let naturalAbortTime = naturalAbortTime()
        let longestGracefulStop = longestGracefulStop()
        while !housekeeping.done {
            let outcome = await timer.sleep(until: due)
            let now = MonotonicClock.now()
            if outcome == .ready { recorder.recordSchedulingLag(nanoseconds: now > due ? now - due : 0) }
            while now >= origin + UInt64(nextInterval) * Self.interval {
                collector.submit(recorder.takeInterval(index: nextInterval))
                nextInterval += 1
            }
            if control.isStopping, !sleepsInterrupted {
                sleepsInterrupted = true
                worker.interruptSleeps()
            }
            if !worker.isAborting {
                let stopDeadline = control.stopRequestTime.map { $0 + longestGracefulStop } ?? UInt64.max
                if control.isAborted || now >= min(naturalAbortTime, stopDeadline) { worker.abortAllWaits() }
            }
            // The next tick on the 10 ms grid after now; a late tick skips the ones it missed.
            let elapsed = now > origin ? now - origin : 0
            due = origin + (elapsed / Self.tick + 1) * Self.tick
        }
        collector.submit(recorder.takeInterval(index: nextInterval))
        timer.close()
    }
}
