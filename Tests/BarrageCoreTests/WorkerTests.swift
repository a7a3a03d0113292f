import BarrageCore
import BarrageMetrics
import Dispatch
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1)))
struct WorkerTests {
    @Test func tasksPreferringAWorkerRunOnItsThread() async {
        let worker = Worker(index: 0)
        worker.start()
        defer { worker.shutdown() }
        let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for _ in 0..<20 {
                group.addTask(executorPreference: worker) {
                    let before = worker.isCurrent
                    await Task.yield()
                    return before && worker.isCurrent
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 20))
    }

    @Test func aWorkerContinuationResumesOnItsWorkerWhoeverResumesIt() async {
        let worker = Worker(index: 0)
        worker.start()
        defer { worker.shutdown() }
        let outcome = await Task(executorPreference: worker) {
            // Resumed from the worker's loop, then from another thread: the task goes on on its worker both times.
            let fromLoop = await withWorkerContinuation { continuation in
                worker.execute { continuation.resume(returning: 1) }
            }
            let onWorkerAfterLoop = worker.isCurrent
            let fromElsewhere = await withWorkerContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: 2) }
            }
            return [fromLoop, fromElsewhere, onWorkerAfterLoop ? 1 : 0, worker.isCurrent ? 1 : 0]
        }.value
        #expect(outcome == [1, 2, 1, 1])
    }

    @Test func preciseTimerWakesWithinAMillisecondOfItsDeadline() async {
        let worker = Worker(index: 0)
        worker.start()
        defer { worker.shutdown() }
        let lateness = await Task(executorPreference: worker) {
            let timer = PreciseTimer(worker: worker)
            defer { timer.close() }
            var worst: UInt64 = 0
            for step in 1...20 {
                let deadline = MonotonicClock.now() + UInt64(step) * 700_000
                let outcome = await timer.sleep(until: deadline)
                let now = MonotonicClock.now()
                #expect(outcome == .ready)
                #expect(now >= deadline)
                worst = max(worst, now - deadline)
            }
            return worst
        }.value
        // Generous for a loaded CI machine; a millisecond-resolution timer would be late by up to 1 ms every time.
        #expect(lateness < 20_000_000)
    }

    @Test func loopTimerSleepsAtLeastItsDuration() async {
        let worker = Worker(index: 0)
        worker.start()
        defer { worker.shutdown() }
        let elapsed = await Task(executorPreference: worker) {
            let timer = LoopTimer(worker: worker)
            defer { timer.close() }
            let start = MonotonicClock.now()
            #expect(await timer.sleep(nanoseconds: 30_000_000) == .ready)
            return MonotonicClock.now() - start
        }.value
        #expect(elapsed >= 30_000_000 && elapsed < 500_000_000)
    }

    @Test func interruptingSleepsWakesSleepersWithCancelled() async {
        let worker = Worker(index: 0)
        worker.start()
        defer { worker.shutdown() }
        let sleeper = Task(executorPreference: worker) {
            let timer = LoopTimer(worker: worker)
            defer { timer.close() }
            return await timer.sleep(nanoseconds: 60_000_000_000)
        }
        try? await Task.sleep(nanoseconds: 50_000_000)
        worker.execute { worker.interruptSleeps() }
        #expect(await sleeper.value == .cancelled)
    }

    @Test func jobsFromOtherThreadsAreRunInOrder() async {
        let worker = Worker(index: 0)
        worker.start()
        defer { worker.shutdown() }
        let log = Mutex<[Int]>([])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            for value in 0..<100 { worker.execute { log.withLock { $0.append(value) } } }
            worker.execute { done.resume() }
        }
        #expect(log.withLock { $0 } == Array(0..<100))
    }
}

final class CountingState: WorkerLocalState {
    static let stopped = Mutex(0)
    func workerWillStop() { Self.stopped.withLock { $0 += 1 } }
}

@Suite(.timeLimit(.minutes(1)))
struct WorkerLocalStateTests {
    @Test func aWorkerKeepsOneInstancePerStateTypeAndStopsIt() async {
        let worker = Worker(index: 0)
        worker.start()
        let same = await Task(executorPreference: worker) {
            let first = worker.localState(CountingState.self) { CountingState() }
            let second = worker.localState(CountingState.self) { CountingState() }
            return first === second
        }.value
        worker.shutdown()
        #expect(same)
        #expect(CountingState.stopped.withLock { $0 } == 1)
    }
}
