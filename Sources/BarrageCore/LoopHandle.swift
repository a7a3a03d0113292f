/// Something a VU waits on through its worker's loop; the worker keeps a list of them so that a stop can
/// interrupt every pending wait at once, without a cancellation handler on each await.
///
/// Subclasses own their libuv handles and are confined to the worker's thread.
open class LoopHandle: @unchecked Sendable {
    /// The worker whose loop this handle belongs to.
    public let worker: Worker

    /// Whether stop requests and aborts end this handle's waits. The worker's own housekeeping timer is not
    /// interruptible: it must keep ticking while a run winds down.
    public let isInterruptible: Bool

    /// Registers the handle with `worker`; must be called on the worker's thread.
    public init(worker: Worker, interruptible: Bool = true) {
        precondition(worker.isCurrent, "loop handles are made on their worker's thread")
        self.worker = worker
        self.isInterruptible = interruptible
        if interruptible { worker.register(self) }
    }

    /// Whether a wait starting now must return `.cancelled` at once (the run was aborted).
    public var mustNotWait: Bool { isInterruptible && worker.isAborting }

    /// Ends a pending wait with `.cancelled`. A sleep is interrupted on a stop request (`abort == false`);
    /// socket waits only when the graceful stop expires (`abort == true`). Override in each subclass.
    open func interrupt(abort: Bool) {}

    /// Removes the handle from its worker's list; call when closing it.
    public func unregister() {
        if isInterruptible { worker.unregister(self) }
    }
}
