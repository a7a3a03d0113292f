/// Suspends the calling task until the continuation handed to `body` is resumed: `withUnsafeContinuation`
/// without its executor hops, for waits on a worker's loop (sockets, timers, transfers).
///
/// `withUnsafeContinuation(isolation:)` hops to the caller's isolation before it runs `body` and again after the
/// resume. Here both are no-ops: a wait is made by code running on its worker (nonisolated, so on the worker
/// through the task's executor preference), and the runtime resumes the task on the executor it awaited on. Yet
/// each hop costs a `swift_task_switch` that looks the task's executor preference up under the runtime's
/// status-record lock: about 300 instructions, measured with callgrind on the PostgreSQL hot path (see
/// docs/engine.md). The standard library keeps the hop-free form as `_unsafeInheritExecutor_withUnsafeContinuation`;
/// this is the one place Barrage names it.
///
/// Call it only from code that runs on the worker whose loop will resume the continuation, and resume exactly once.
@inlinable
@inline(__always)
public func withWorkerContinuation<T>(_ body: (UnsafeContinuation<T, Never>) -> Void) async -> sending T {
    await _unsafeInheritExecutor_withUnsafeContinuation(body)
}
