import CLibUV

/// Readiness of one non-blocking socket on a worker's loop: a `uv_poll_t` registered for the socket's
/// whole life, plus a deadline timer.
///
/// The registration changes only when a different event is awaited (writable while connecting or when the
/// send buffer is full, readable otherwise), so a request/response round trip costs no `epoll_ctl`.
/// The deadline timer is lazy: a wait that ends early leaves it armed, and the next wait re-arms it only when
/// its own deadline comes sooner. When the timer fires for a deadline that has since moved later, it re-arms
/// for the rest, so a round trip costs no timer-heap operation either.
/// The watcher does not own the descriptor: close the watcher first, then the socket.
public final class SocketWatcher: LoopHandle, @unchecked Sendable {
    /// The watched descriptor.
    public let fd: Int32
    private let poll: UnsafeMutablePointer<uv_poll_t>
    private let deadline: UnsafeMutablePointer<uv_timer_t>
    private var registered: Int32 = 0
    private var awaited: Int32 = 0
    private var waiter: UnsafeContinuation<WaitOutcome, Never>?
    private var closed = false
    /// Loop time (ms, `uv_now`) at which the pending wait times out.
    private var waitDeadline: UInt64 = 0
    /// Loop time (ms) the deadline timer is armed for; 0 while it is stopped.
    private var timerDue: UInt64 = 0

    /// Watches `fd` on `worker`'s loop; call on the worker's thread.
    public init(fd: Int32, worker: Worker) {
        self.fd = fd
        poll = .allocate(capacity: 1)
        deadline = .allocate(capacity: 1)
        super.init(worker: worker)
        let context = Unmanaged.passUnretained(self).toOpaque()
        uv_poll_init_socket(worker.loop, poll, fd)
        poll.pointee.data = context
        uv_timer_init(worker.loop, deadline)
        deadline.pointee.data = context
    }

    /// Waits until the socket is readable (or the peer closed it), at most `timeoutNanoseconds`.
    public func waitReadable(timeoutNanoseconds: UInt64) async -> WaitOutcome {
        await wait(for: Int32(UV_READABLE.rawValue), timeoutNanoseconds: timeoutNanoseconds)
    }

    /// Waits until the socket is writable (a connect finished, or the send buffer drained).
    public func waitWritable(timeoutNanoseconds: UInt64) async -> WaitOutcome {
        await wait(for: Int32(UV_WRITABLE.rawValue), timeoutNanoseconds: timeoutNanoseconds)
    }

    private func wait(for events: Int32, timeoutNanoseconds: UInt64) async -> WaitOutcome {
        if mustNotWait || closed { return .cancelled }
        return await withUnsafeContinuation { continuation in
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
                    return
                }
            }
            let milliseconds = max(1, (timeoutNanoseconds + 999_999) / 1_000_000)
            waitDeadline = uv_now(worker.loop) &+ milliseconds
            if timerDue == 0 || timerDue > waitDeadline { armTimer(milliseconds: milliseconds) }
        }
    }

    /// Arms the deadline timer `milliseconds` from the loop's time.
    private func armTimer(milliseconds: UInt64) {
        timerDue = uv_now(worker.loop) &+ milliseconds
        uv_timer_start(
            deadline,
            { timer in
                guard let data = timer?.pointee.data else { return }
                Unmanaged<SocketWatcher>.fromOpaque(data).takeUnretainedValue().timerFired()
            },
            milliseconds,
            0
        )
    }

    /// The deadline timer fired: time out the pending wait if its deadline passed, or re-arm for a deadline
    /// that moved later since the timer was armed.
    private func timerFired() {
        timerDue = 0
        guard waiter != nil else { return }
        let now = uv_now(worker.loop)
        if now >= waitDeadline {
            finish(.timedOut)
        } else {
            armTimer(milliseconds: waitDeadline - now)
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
        uv_timer_stop(deadline)
        timerDue = 0
        uv_poll_stop(poll)
        closeHandle(poll)
        closeHandle(deadline)
    }

    deinit { close() }
}
