import BarrageMetrics

/// Runs one worker's share of a closed model: one task per VU, each looping iterations inside its active
/// windows (and up to its iteration limit), with think time between iterations.
struct ClosedModelExecutor: Sendable {
    let model: any ClosedLoadModel
    let runtime: ScenarioRuntime
    let share: Share
    let worker: Worker
    let recorder: Recorder
    let control: RunControl

    func run() async {
        let origin = runtime.origin
        let limit = model.iterationsPerUser
        await withTaskGroup(of: Void.self) { group in
            for user in share.indices(below: model.users) {
                let windows = model.activeWindows(user: user)
                guard !windows.isEmpty else { continue }
                group.addTask(executorPreference: worker) { [runtime, worker, recorder, control] in
                    let vu = VirtualUser(id: user, runtime: runtime, worker: worker, recorder: recorder)
                    windows: for window in windows {
                        if control.isStopping { break }
                        _ = await vu.sleep(until: origin + window.start)
                        if control.isStopping { break }
                        recorder.changeActiveVUs(scenario: runtime.index, by: 1)
                        defer { recorder.changeActiveVUs(scenario: runtime.index, by: -1) }
                        var now = MonotonicClock.now()
                        while now < origin + window.end, !control.isStopping {
                            if let limit, vu.iteration >= limit { break windows }
                            guard let ended = await vu.runIteration(startedAt: now) else { break windows }
                            if let limit, vu.iteration >= limit { break windows }
                            let pause = vu.pauseAfterIteration(
                                startedAt: now,
                                endedAt: ended,
                                notPast: origin + window.end
                            )
                            if pause == 0 {
                                // No pause: the clock still reads the iteration's end.
                                now = ended
                            } else if await vu.sleep(nanoseconds: pause) == .ready {
                                now = MonotonicClock.now()
                            } else {
                                break windows
                            }
                        }
                    }
                    await vu.close()
                }
            }
        }
    }
}
