import BarrageMetrics
import Synchronization

/// The stop state of a run, shared by the coordinator and every worker.
final class RunControl: Sendable {
    private let state = Atomic<Int>(0)
    private let stopRequestedAt = Atomic<UInt64>(0)

    /// No stop requested.
    static let running = 0
    /// Stop requested: start no more iterations; in-flight ones get the graceful stop.
    static let stopping = 1
    /// Every wait is being aborted.
    static let aborted = 2

    var isStopping: Bool { state.load(ordering: .acquiring) != Self.running }
    var isAborted: Bool { state.load(ordering: .acquiring) == Self.aborted }

    /// When the stop was requested (monotonic ns), or nil.
    var stopRequestTime: UInt64? {
        let time = stopRequestedAt.load(ordering: .acquiring)
        return time == 0 ? nil : time
    }

    /// Returns true when this call moved the run from running to stopping.
    func requestStop() -> Bool {
        let (exchanged, _) = state.compareExchange(
            expected: Self.running,
            desired: Self.stopping,
            ordering: .acquiringAndReleasing
        )
        if exchanged { stopRequestedAt.store(MonotonicClock.now(), ordering: .releasing) }
        return exchanged
    }

    func abort() {
        if stopRequestedAt.load(ordering: .acquiring) == 0 {
            stopRequestedAt.store(MonotonicClock.now(), ordering: .releasing)
        }
        state.store(Self.aborted, ordering: .releasing)
    }
}
