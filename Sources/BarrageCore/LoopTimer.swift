import BarrageMetrics
import CLibUV

/// A millisecond-resolution timer on a worker's loop (a `uv_timer_t`), for think time, pacing and
/// watchdogs. Made once per VU or connection and reused; sleeping allocates nothing.
///
/// Use `PreciseTimer` where sub-millisecond accuracy matters (open-model arrivals).
public final class LoopTimer: LoopHandle, @unchecked Sendable {
    private let handle: UnsafeMutablePointer<uv_timer_t>
    private var waiter: UnsafeContinuation<WaitOutcome, Never>?
    private var closed = false

    /// Makes a timer on `worker`'s loop; call on the worker's thread.
    public init(worker: Worker) {
        handle = .allocate(capacity: 1)
        super.init(worker: worker)
        uv_timer_init(worker.loop, handle)
        handle.pointee.data = Unmanaged.passUnretained(self).toOpaque()
    }

    /// Sleeps `nanoseconds` (rounded up to whole milliseconds). Returns `.ready` when the time passed, or
    /// `.cancelled` when a stop interrupted the sleep.
    public func sleep(nanoseconds: UInt64) async -> WaitOutcome {
        if mustNotWait || closed { return .cancelled }
        if nanoseconds == 0 { return .ready }
        let milliseconds = (nanoseconds + 999_999) / 1_000_000
        return await withWorkerContinuation { continuation in
            waiter = continuation
            // libuv counts from the loop's cached time, taken when the loop last woke: on a busy machine that can
            // be milliseconds old, and the sleep would end early. Sleeps are not per request: refresh it.
            uv_update_time(worker.loop)
            uv_timer_start(
                handle,
                { timer in
                    let owner = Unmanaged<LoopTimer>.fromOpaque(timer!.pointee.data).takeUnretainedValue()
                    owner.finish(.ready)
                },
                milliseconds,
                0
            )
        }
    }

    /// Sleeps until the monotonic time `deadline` (ns).
    public func sleep(until deadline: UInt64) async -> WaitOutcome {
        let now = MonotonicClock.now()
        return await sleep(nanoseconds: deadline > now ? deadline - now : 0)
    }

    /// Ends a pending sleep now with `.cancelled`.
    public func wake() { finish(.cancelled) }

    public override func interrupt(abort: Bool) { finish(.cancelled) }

    private func finish(_ outcome: WaitOutcome) {
        uv_timer_stop(handle)
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: outcome)
        }
    }

    /// Stops the timer and releases its handle; a pending sleep ends with `.cancelled`.
    public func close() {
        guard !closed else { return }
        closed = true
        finish(.cancelled)
        unregister()
        closeHandle(handle)
    }

    deinit { close() }
}

/// Closes a libuv handle and frees its memory once libuv is done with it.
func closeHandle<Handle>(_ handle: UnsafeMutablePointer<Handle>) {
    let raw = UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self)
    raw.pointee.data = nil
    uv_close(raw) { closed in
        closed?.deallocate()
    }
}
