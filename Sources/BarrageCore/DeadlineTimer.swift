import BarrageMetrics
import CLibUV

/// The deadline of one wait at a time on a worker's loop, armed lazily: the timer of a wait that ends early stays
/// armed, the next wait re-arms it only when its own deadline comes sooner, and a timer that fires for a deadline
/// that has since moved later re-arms for the rest. So a round trip whose deadline almost never fires costs no
/// timer start and stop (an insert into and a removal from libuv's timer heap) and, while the armed time still
/// covers the wait, no clock read.
///
/// For a class that owns one event source and waits on it with a deadline (`SocketWatcher`, a WebSocket
/// connection): set `expired` once the owner is initialised, call `begin(until:)` as a wait starts, `end()` when it
/// ends for any reason, `close()` with the owner. `expired` is called on the worker's thread when a begun wait's
/// deadline passes; it must end that wait (capture the owner `unowned`).
///
/// Deadlines are monotonic nanoseconds (`MonotonicClock`), not libuv's cached loop time, which can be
/// milliseconds old on a busy loop. libuv counts in whole milliseconds: less than 1 ms left counts as passed.
public final class DeadlineTimer {
    /// Ends the owner's pending wait as timed out.
    public var expired: () -> Void = {}
    private let timer: UnsafeMutablePointer<uv_timer_t>
    // Touched on the worker's thread only, twice per wait: `@exclusivity(unchecked)` spares a runtime call per access.
    /// The deadline of the wait in progress, monotonic ns.
    @exclusivity(unchecked) private var deadline: UInt64 = 0
    @exclusivity(unchecked) private var waiting = false
    /// When the armed timer fires, monotonic ns; 0 when it is not armed.
    @exclusivity(unchecked) private var due: UInt64 = 0
    private var closed = false

    /// Makes the timer on `worker`'s loop; call on the worker's thread.
    public init(worker: Worker) {
        precondition(worker.isCurrent, "a deadline timer is made on its worker's thread")
        timer = .allocate(capacity: 1)
        uv_timer_init(worker.loop, timer)
        timer.pointee.data = Unmanaged.passUnretained(self).toOpaque()
    }

    /// Starts watching `deadline` (monotonic ns) for a wait about to begin. False when it has passed already:
    /// the wait must end at once as timed out.
    public func begin(until deadline: UInt64) -> Bool {
        if due == 0 || due > deadline {
            let now = MonotonicClock.now()
            guard deadline > now else { return false }
            arm(for: deadline, now: now)
        }
        self.deadline = deadline
        waiting = true
        return true
    }

    /// The wait ended (ready, timed out or cancelled); the timer stays armed for the next one.
    public func end() {
        waiting = false
    }

    /// Stops the timer and releases its handle. No `expired` call comes after this.
    public func close() {
        guard !closed else { return }
        closed = true
        waiting = false
        closeHandle(timer)
    }

    deinit { close() }

    /// Starts the timer to fire at `deadline`, rounded up to libuv's milliseconds.
    private func arm(for deadline: UInt64, now: UInt64) {
        let milliseconds = max(1, (deadline - now + 999_999) / 1_000_000)
        due = now + milliseconds * 1_000_000
        uv_timer_start(
            timer,
            { timer in
                guard let data = timer?.pointee.data else { return }
                Unmanaged<DeadlineTimer>.fromOpaque(data).takeUnretainedValue().fired()
            },
            milliseconds,
            0
        )
    }

    private func fired() {
        due = 0
        guard waiting else { return }
        let now = MonotonicClock.now()
        if now + 1_000_000 > deadline {
            waiting = false
            expired()
        } else {
            arm(for: deadline, now: now)
        }
    }
}
