import BarrageMetrics
import CLibUV

/// Readiness of one non-blocking socket on a worker's loop: a `uv_poll_t` registered for the socket's
/// whole life, plus a deadline timer.
///
/// The registration changes only when a different event is awaited (writable while connecting or when the
/// send buffer is full, readable otherwise), so a request/response round trip costs no `epoll_ctl`.
/// The deadline is a lazily armed `DeadlineTimer`, so a round trip costs no timer-heap operation either.
/// The watcher does not own the descriptor: close the watcher first, then the socket.
public final class SocketWatcher: LoopHandle, @unchecked Sendable {
    /// The watched descriptor.
    public let fd: Int32
    private let poll: UnsafeMutablePointer<uv_poll_t>
    private let deadline: DeadlineTimer
    // Touched on the worker's thread only, a few times per wait: `@exclusivity(unchecked)` spares a runtime call
    // per access.
    @exclusivity(unchecked) private var registered: Int32 = 0
    @exclusivity(unchecked) private var awaited: Int32 = 0
    @exclusivity(unchecked) private var waiter: UnsafeContinuation<WaitOutcome, Never>?
    @exclusivity(unchecked) private var closed = false

    /// Watches `fd` on `worker`'s loop; call on the worker's thread.
    public init(fd: Int32, worker: Worker) {
        self.fd = fd
        poll = .allocate(capacity: 1)
        deadline = DeadlineTimer(worker: worker)
        super.init(worker: worker)
        uv_poll_init_socket(worker.loop, poll, fd)
        poll.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        deadline.expired = { [unowned self] in self.finish(.timedOut) }
    }

    /// Waits until the socket is readable (or the peer closed it), at most `timeoutNanoseconds`.
    public func waitReadable(timeoutNanoseconds: UInt64) async -> WaitOutcome {
        await wait(for: Int32(UV_READABLE.rawValue), until: MonotonicClock.now() &+ timeoutNanoseconds)
    }

    /// Waits until the socket is readable (or the peer closed it), at most until `deadline` (monotonic ns).
    public func waitReadable(until deadline: UInt64) async -> WaitOutcome {
        await wait(for: Int32(UV_READABLE.rawValue), until: deadline)
    }

    /// Waits until the socket is writable (a connect finished, or the send buffer drained).
    public func waitWritable(timeoutNanoseconds: UInt64) async -> WaitOutcome {
        await wait(for: Int32(UV_WRITABLE.rawValue), until: MonotonicClock.now() &+ timeoutNanoseconds)
    }

    /// Waits until the socket is writable, at most until `deadline` (monotonic ns).
    public func waitWritable(until deadline: UInt64) async -> WaitOutcome {
        await wait(for: Int32(UV_WRITABLE.rawValue), until: deadline)
    }

    /// Waits for `events`; `.timedOut` at once when `deadline` has passed already.
    private func wait(for events: Int32, until deadline: UInt64) async -> WaitOutcome {
        if mustNotWait || closed { return .cancelled }
        guard self.deadline.begin(until: deadline) else { return .timedOut }
        return await withWorkerContinuation { continuation in
            waiter = continuation
            awaited = events
            if registered != events {
                registered = events
                let status = uv_poll_start(poll, events) { handle, status, events in
                    guard let data = handle?.pointee.data else { return }
                    Unmanaged<SocketWatcher>.fromOpaque(data).takeUnretainedValue().ready(
                        status: status,
                        events: events
                    )
                }
                if status < 0 {
                    registered = 0
                    finish(.failed(status))
                }
            }
        }
    }

    private func ready(status: Int32, events: Int32) {
        if status == UV_EBADF.rawValue {
            // libuv reports any error pending on a socket (a reset, a refusal, an ICMP error) as UV_EBADF and stops
            // the handle. The descriptor is the owner's and valid: report it ready, so the owner's next system
            // call (recv, send, SO_ERROR after a connect) returns the real error. Clients need no special case.
            registered = 0
            finish(.ready)
        } else if status < 0 {
            stopPolling()
            finish(.failed(status))
        } else if waiter != nil, events & awaited != 0 {
            finish(.ready)
        } else if waiter == nil {
            // Readiness nobody waits for (unsolicited bytes, a close): level-triggered polling would spin,
            // so stop until the next wait, which re-registers and sees the pending event at once.
            stopPolling()
        }
    }

    private func stopPolling() {
        uv_poll_stop(poll)
        registered = 0
    }

    private func finish(_ outcome: WaitOutcome) {
        guard let waiter else { return }
        deadline.end()
        self.waiter = nil
        waiter.resume(returning: outcome)
    }

    public override func interrupt(abort: Bool) {
        if abort { finish(.cancelled) }
    }

    /// Stops watching and releases the handles; a pending wait ends with `.cancelled`. The socket stays open.
    public func close() {
        guard !closed else { return }
        closed = true
        finish(.cancelled)
        unregister()
        deadline.close()
        uv_poll_stop(poll)
        closeHandle(poll)
    }

    deinit { close() }
}
