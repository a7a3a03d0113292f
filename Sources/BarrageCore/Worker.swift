import CLibUV
import DequeModule
import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One OS thread running one libuv event loop, which is also the `TaskExecutor` of the VUs placed on it.
///
/// A VU task created with `executorPreference: worker` runs every job on this thread; a client waits for
/// socket readiness and timers through this same loop (`SocketWatcher`, `LoopTimer`, `PreciseTimer`), so
/// a request never crosses threads (ARCHITECTURE.md rule 2). Jobs enqueued from the worker's own thread go
/// to a local queue without a lock; jobs and closures from other threads go through a locked inbox and a
/// `uv_async_t` wake-up.
///
/// `@unchecked Sendable`: its mutable state is touched only on its own thread, except the inbox (a `Mutex`)
/// and the thread identity (written once before `start()` returns).
public final class Worker: TaskExecutor, @unchecked Sendable {
    /// The worker's number, 0-based.
    public let index: Int

    /// The libuv loop. Only for code running on this worker's thread (protocol clients that hand it to a
    /// C library: libcurl's multi_socket, libwebsockets' foreign loop).
    public let loop: UnsafeMutablePointer<uv_loop_t>

    private struct Inbox {
        var jobs: [UnownedJob] = []
        var closures: [@Sendable () -> Void] = []
    }

    /// Jobs enqueued on the worker's own thread. `@exclusivity(unchecked)`: touched only on that thread, never by
    /// overlapping accesses; the dynamic check would cost a runtime call per job.
    @exclusivity(unchecked) private var localJobs = Deque<UnownedJob>()
    private let inbox = Mutex(Inbox())
    private let wakeup: UnsafeMutablePointer<uv_async_t>
    private let prepare: UnsafeMutablePointer<uv_prepare_t>
    private let check: UnsafeMutablePointer<uv_check_t>
    /// The loop's thread. `@exclusivity(unchecked)`: written once by the thread itself before `start()` returns,
    /// then only read; `isCurrent` reads it once per job, and the dynamic check would cost a runtime call there.
    @exclusivity(unchecked) private var thread = pthread_t()
    private var threadStarted = false
    private let startedSignal = DispatchSemaphore(value: 0)
    private var handles: [ObjectIdentifier: Unmanaged<LoopHandle>] = [:]
    private var localStates: [ObjectIdentifier: any WorkerLocalState] = [:]

    /// True once `abortAllWaits()` ran: every wait from then on returns `.cancelled` at once.
    /// `@exclusivity(unchecked)`: written and read on the worker's thread only; every socket wait reads it, and the
    /// dynamic check would cost a runtime call there.
    @exclusivity(unchecked) public private(set) var isAborting = false

    /// Makes a worker; call `start()` to run its thread.
    public init(index: Int) {
        self.index = index
        loop = .allocate(capacity: 1)
        uv_loop_init(loop)
        wakeup = .allocate(capacity: 1)
        prepare = .allocate(capacity: 1)
        check = .allocate(capacity: 1)
    }

    deinit {
        // The loop was closed by the thread on shutdown; only the memory is left.
        loop.deallocate()
        wakeup.deallocate()
        prepare.deallocate()
        check.deallocate()
    }

    /// Starts the thread and its loop; returns once the worker accepts jobs.
    public func start() {
        precondition(!threadStarted, "a worker starts once")
        threadStarted = true
        let context = Unmanaged.passRetained(self).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        let result = pthread_create(
            &thread,
            &attributes,
            { raw in
                let worker = Unmanaged<Worker>.fromOpaque(raw!).takeRetainedValue()
                worker.threadMain()
                return nil
            },
            context
        )
        pthread_attr_destroy(&attributes)
        precondition(result == 0, "could not start worker thread: \(String(cString: strerror(result)))")
        startedSignal.wait()
    }

    /// Stops the loop once every job has run, and waits for the thread to end.
    public func shutdown() {
        guard threadStarted else { return }
        execute { [unowned self] in self.stopLoop() }
        pthread_join(thread, nil)
        threadStarted = false
    }

    /// Whether the caller runs on this worker's thread.
    public var isCurrent: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Runs `body` on the worker's thread, soon; callable from any thread.
    public func execute(_ body: @escaping @Sendable () -> Void) {
        inbox.withLock { $0.closures.append(body) }
        uv_async_send(wakeup)
    }

    /// Takes a job of a task that prefers this executor (the Swift runtime calls it).
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if isCurrent {
            localJobs.append(job)
        } else {
            inbox.withLock { $0.jobs.append(job) }
            uv_async_send(wakeup)
        }
    }

    /// Resumes every sleeping timer with `.cancelled`, so sleepers notice a stop request now.
    /// Must run on the worker's thread.
    public func interruptSleeps() {
        for handle in handles.values { handle.takeUnretainedValue().interrupt(abort: false) }
    }

    /// Resumes every pending wait (sockets and timers) with `.cancelled` and makes later waits return at
    /// once: the end of a graceful stop. Must run on the worker's thread.
    public func abortAllWaits() {
        isAborting = true
        for handle in handles.values { handle.takeUnretainedValue().interrupt(abort: true) }
    }

    /// The worker's one instance of `State`, made by `make` on first use: per-worker state of a protocol, such
    /// as one libcurl multi handle per worker. Worker thread only. Released after `workerWillStop()` when the
    /// worker shuts down.
    public func localState<State: WorkerLocalState>(_ type: State.Type, make: () -> State) -> State {
        precondition(isCurrent, "worker-local state is used on its worker's thread")
        if let existing = localStates[ObjectIdentifier(type)] as? State { return existing }
        let made = make()
        localStates[ObjectIdentifier(type)] = made
        return made
    }

    // MARK: Handle bookkeeping (worker thread only)

    func register(_ handle: LoopHandle) {
        handles[ObjectIdentifier(handle)] = Unmanaged.passUnretained(handle)
    }

    func unregister(_ handle: LoopHandle) {
        handles[ObjectIdentifier(handle)] = nil
    }

    // MARK: The loop

    private func threadMain() {
        thread = pthread_self()
        _ = barrage_set_thread_name("barrage-w\(index)")
        let context = Unmanaged.passUnretained(self).toOpaque()
        uv_async_init(loop, wakeup) { handle in
            Worker.from(handle!.pointee.data).takeInbox()
        }
        wakeup.pointee.data = context
        uv_prepare_init(loop, prepare)
        prepare.pointee.data = context
        uv_prepare_start(prepare) { handle in Worker.from(handle!.pointee.data).drainJobs() }
        uv_check_init(loop, check)
        check.pointee.data = context
        uv_check_start(check) { handle in Worker.from(handle!.pointee.data).drainJobs() }
        // prepare and check must not keep the loop alive on their own.
        uv_unref(UnsafeMutableRawPointer(prepare).assumingMemoryBound(to: uv_handle_t.self))
        uv_unref(UnsafeMutableRawPointer(check).assumingMemoryBound(to: uv_handle_t.self))
        startedSignal.signal()
        uv_run(loop, UV_RUN_DEFAULT)
        // Let close callbacks of handles closed during shutdown run, then free the loop's resources.
        uv_run(loop, UV_RUN_NOWAIT)
        uv_loop_close(loop)
    }

    private static func from(_ data: UnsafeMutableRawPointer?) -> Worker {
        Unmanaged<Worker>.fromOpaque(data!).takeUnretainedValue()
    }

    private func takeInbox() {
        let taken = inbox.withLock { inbox in
            let taken = inbox
            inbox.jobs.removeAll(keepingCapacity: true)
            inbox.closures.removeAll(keepingCapacity: true)
            return taken
        }
        localJobs.append(contentsOf: taken.jobs)
        for closure in taken.closures { closure() }
        drainJobs()
    }

    private func drainJobs() {
        let executor = asUnownedTaskExecutor()
        while let job = localJobs.popFirst() {
            job.runSynchronously(on: executor)
        }
    }

    private func stopLoop() {
        drainJobs()
        for state in localStates.values { state.workerWillStop() }
        localStates.removeAll()
        drainJobs()
        uv_prepare_stop(prepare)
        uv_check_stop(check)
        for handle in [
            UnsafeMutableRawPointer(wakeup), UnsafeMutableRawPointer(prepare), UnsafeMutableRawPointer(check),
        ] {
            uv_close(handle.assumingMemoryBound(to: uv_handle_t.self), nil)
        }
        uv_stop(loop)
    }
}

/// State a protocol keeps once per worker (see `Worker.localState(_:make:)`).
public protocol WorkerLocalState: AnyObject {
    /// Called on the worker's thread before it stops: close handles and release C resources here.
    func workerWillStop()
}
