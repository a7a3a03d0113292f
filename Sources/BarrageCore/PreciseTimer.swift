import BarrageMetrics
import CLibUV

#if canImport(Glibc)
import Glibc
#endif

/// A nanosecond-resolution timer on a worker's loop: a `timerfd` armed at an absolute monotonic time and
/// watched by a `uv_poll_t` for its whole life.
///
/// libuv's own timers tick in milliseconds; an open model at thousands of arrivals per second needs its
/// intended start times kept to microseconds, or the generator's own lateness ends up in the latencies.
public final class PreciseTimer: LoopHandle, @unchecked Sendable {
    private let fd: Int32
    private let poll: UnsafeMutablePointer<uv_poll_t>
    private var waiter: UnsafeContinuation<WaitOutcome, Never>?
    private var closed = false

    /// Makes a timer on `worker`'s loop; call on the worker's thread. A non-interruptible timer ignores stop
    /// requests and aborts (only `wake()` ends its sleep early).
    public override init(worker: Worker, interruptible: Bool = true) {
        fd = timerfd_create(CLOCK_MONOTONIC, BARRAGE_TFD_NONBLOCK | BARRAGE_TFD_CLOEXEC)
        precondition(fd >= 0, "timerfd_create failed: \(String(cString: strerror(errno)))")
        poll = .allocate(capacity: 1)
        super.init(worker: worker, interruptible: interruptible)
        uv_poll_init(worker.loop, poll, fd)
        poll.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        uv_poll_start(poll, Int32(UV_READABLE.rawValue)) { handle, _, _ in
            guard let data = handle?.pointee.data else { return }
            Unmanaged<PreciseTimer>.fromOpaque(data).takeUnretainedValue().fired()
        }
    }

    /// Sleeps until the monotonic time `deadline` (ns). Returns at once with `.ready` when it has passed.
    public func sleep(until deadline: UInt64) async -> WaitOutcome {
        if mustNotWait || closed { return .cancelled }
        if deadline <= MonotonicClock.now() { return .ready }
        return await withWorkerContinuation { continuation in
            waiter = continuation
            var spec = itimerspec()
            spec.it_value.tv_sec = Int(deadline / 1_000_000_000)
            spec.it_value.tv_nsec = Int(deadline % 1_000_000_000)
            timerfd_settime(fd, BARRAGE_TFD_TIMER_ABSTIME, &spec, nil)
        }
    }

    /// Ends a pending sleep now with `.cancelled`.
    public func wake() { finish(.cancelled) }

    public override func interrupt(abort: Bool) { finish(.cancelled) }

    private func fired() {
        var expirations: UInt64 = 0
        _ = read(fd, &expirations, 8)
        finish(.ready)
    }

    private func finish(_ outcome: WaitOutcome) {
        guard let waiter else { return }
        self.waiter = nil
        if outcome != .ready {
            var disarm = itimerspec()
            timerfd_settime(fd, 0, &disarm, nil)
        }
        waiter.resume(returning: outcome)
    }

    /// Releases the timer; a pending sleep ends with `.cancelled`.
    public func close() {
        guard !closed else { return }
        closed = true
        finish(.cancelled)
        unregister()
        uv_poll_stop(poll)
        closeHandle(poll)
        Glibc.close(fd)
    }

    deinit { close() }
}
