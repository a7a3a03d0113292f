/// How a wait on the worker's loop (socket readiness, a timer) ended.
public enum WaitOutcome: Sendable, Equatable {
    /// What was waited for happened (readable, writable, the timer fired).
    case ready
    /// The deadline passed first.
    case timedOut
    /// The run is stopping: a sleep was interrupted, or a graceful stop expired and every wait was aborted.
    case cancelled
    /// libuv reported an error on the handle (a negative `UV_E*` code). An error pending on the socket itself is
    /// not reported this way: `SocketWatcher` reports the socket ready, and the next system call returns it.
    case failed(Int32)
}
