/// How a wait on the worker's loop (socket readiness, a timer) ended.
public enum WaitOutcome: Sendable, Equatable {
    /// What was waited for happened (readable, writable, the timer fired).
    case ready
    /// The deadline passed first.
    case timedOut
    /// The run is stopping: a sleep was interrupted, or a graceful stop expired and every wait was aborted.
    case cancelled
    /// libuv reported an error on the handle (a negative `UV_E*` code).
    case failed(Int32)
}
