/// The share of a run's load one worker executes (the process's segment subdivided among its workers),
/// published by `LoadRun` as worker-local state.
///
/// A protocol that sizes a per-scenario resource in total rather than per VU (a connection pool of N) splits
/// it with this share, exactly as load models split VUs: the workers of every process together hold N.
public final class WorkerShare: WorkerLocalState {
    /// The worker's share of global indices.
    public let share: Share

    /// Wraps `share`.
    init(_ share: Share) {
        self.share = share
    }

    /// Nothing to release.
    public func workerWillStop() {}
}

extension Worker {
    /// This worker's share of the run: process segment × worker. `.whole` for a worker outside a `LoadRun`.
    /// Worker thread only.
    public var share: Share {
        localState(WorkerShare.self) { WorkerShare(.whole) }.share
    }

    /// Publishes this worker's share; `LoadRun` calls it on the worker's thread before any VU starts.
    func publish(share: Share) {
        _ = localState(WorkerShare.self) { WorkerShare(share) }
    }
}
