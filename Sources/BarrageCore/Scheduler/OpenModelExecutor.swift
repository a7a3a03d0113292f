import BarrageMetrics

/// Runs one worker's share of an open model: a dispatcher sleeps on a precise timer until each arrival is
/// due and hands it to an idle VU, making VUs on demand up to the share of `max_in_flight`. An arrival that
/// finds no VU is counted as dropped, never delayed; each iteration's latency counts from when it was due.
struct OpenModelExecutor: Sendable {
    let model: any OpenLoadModel
    let runtime: ScenarioRuntime
    let share: Share
    let worker: Worker
    let recorder: Recorder
    let control: RunControl

    /// The idle VUs of one dispatcher; touched only on its worker's thread.
    final class Pool: @unchecked Sendable {
        var idle: [PooledUser] = []
        var closed = false
    }

    /// A VU waiting for its next arrival.
    final class PooledUser: @unchecked Sendable {
        let user: VirtualUser
        var next: UnsafeContinuation<UInt64?, Never>?
        init(user: VirtualUser) { self.user = user }

        func assign(_ due: UInt64?) {
            let continuation = next
            next = nil
            continuation?.resume(returning: due)
        }
    }

    func run() async {
        let origin = runtime.origin
        let capacity = max(1, share.count(below: model.maxInFlight))
        let pool = Pool()
        let timer = PreciseTimer(worker: worker)
        var made = 0
        await withTaskGroup(of: Void.self) { group in
            var arrival = share.offset
            while let offset = model.arrivalTime(index: arrival), !control.isStopping, !runtime.exhaustion.isSet {
                let due = origin + offset
                _ = await timer.sleep(until: due)
                if control.isStopping || runtime.exhaustion.isSet { break }
                let now = MonotonicClock.now()
                recorder.recordSchedulingLag(nanoseconds: now > due ? now - due : 0)
                if let pooled = pool.idle.popLast() {
                    pooled.assign(due)
                } else if made < capacity {
                    let id = share.offset + made * share.stride
                    made += 1
                    let pooled = PooledUser(
                        user: VirtualUser(id: id, runtime: runtime, worker: worker, recorder: recorder)
                    )
                    group.addTask(executorPreference: worker) { [runtime, recorder] in
                        var due: UInt64? = due
                        while let intended = due {
                            recorder.changeActiveVUs(scenario: runtime.index, by: 1)
                            let ended = await pooled.user.runIteration(startedAt: intended, startIsIntended: true)
                            recorder.changeActiveVUs(scenario: runtime.index, by: -1)
                            if ended == nil || pool.closed { break }
                            due = await withWorkerContinuation { continuation in
                                pooled.next = continuation
                                pool.idle.append(pooled)
                            }
                        }
                        await pooled.user.close()
                    }
                } else {
                    recorder.recordDroppedIteration(scenario: runtime.index)
                }
                arrival += share.stride
            }
            pool.closed = true
            for pooled in pool.idle { pooled.assign(nil) }
            pool.idle.removeAll()
        }
        timer.close()
    }
}
