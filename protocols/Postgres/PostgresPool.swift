import BarrageCore
import BarrageMetrics

/// One worker's share of a scenario's connection pool (`pool: N`): at most `capacity` connections for one set
/// of connection settings, lent to that worker's VUs one step at a time.
///
/// A VU that finds every connection busy waits in a FIFO queue on its own timer, so the loop keeps running; a
/// returned connection (or the slot of a broken one) is handed straight to the first waiter, so nobody
/// overtakes a waiting VU. A wait ends at the step's deadline with `pool_timeout`.
///
/// Confined to its worker's thread, like the connections it holds.
final class PostgresPool {
    /// The settings every connection of the pool was made with.
    let settings: ConnectionSettings
    /// How many connections this worker may hold: its share of the scenario's `pool`.
    let capacity: Int
    /// Connections nobody uses, most recently returned last.
    private var idle: [PostgresConnection] = []
    /// Connections lent out, idle, or being made: never more than `capacity`.
    private var taken = 0
    /// VUs waiting for a connection, oldest first (from `head` on).
    private var waiters: [PoolWaiter] = []
    private var head = 0

    init(settings: ConnectionSettings, capacity: Int) {
        self.settings = settings
        self.capacity = capacity
    }

    /// What `acquire` got.
    enum Lease {
        /// A connected, usable connection; give it back with `release`.
        case connection(PostgresConnection)
        /// A free slot: connect, then `release` the connection, or `releaseSlot` if connecting failed.
        case slot
        /// The deadline passed while every connection was busy.
        case timedOut
        /// The run is aborting its waits.
        case interrupted
    }

    /// A connection or a slot for one step, waiting (without blocking the loop) until `deadline` at most.
    func acquire(deadline: UInt64, waiter: PoolWaiter) async -> Lease {
        if let connection = idle.popLast() { return .connection(connection) }
        if taken < capacity {
            taken += 1
            return .slot
        }
        waiter.grant = nil
        waiters.append(waiter)
        while true {
            let outcome = await waiter.timer.sleep(until: deadline)
            if let grant = waiter.grant {
                waiter.grant = nil
                return grant
            }
            // A stop request interrupts sleeps, but an iteration in flight keeps its graceful stop: wait on
            // until the deadline unless the worker is aborting every wait.
            if outcome == .cancelled, !waiter.timer.mustNotWait, MonotonicClock.now() < deadline { continue }
            remove(waiter)
            return outcome == .cancelled ? .interrupted : .timedOut
        }
    }

    /// Takes back a connection after a step: lent to the first waiter, kept idle, or closed when it broke (its
    /// slot then goes to the first waiter, who connects anew).
    func release(_ connection: PostgresConnection) {
        guard connection.isUsable else {
            connection.close()
            releaseSlot()
            return
        }
        if let waiter = nextWaiter() {
            waiter.hand(.connection(connection))
        } else {
            idle.append(connection)
        }
    }

    /// Gives back a slot whose connection could not be made or was closed.
    func releaseSlot() {
        if let waiter = nextWaiter() {
            waiter.hand(.slot)
        } else {
            taken -= 1
        }
    }

    /// Closes every idle connection; the worker is stopping.
    func close() {
        for connection in idle { connection.close() }
        idle.removeAll()
    }

    private func nextWaiter() -> PoolWaiter? {
        guard head < waiters.count else { return nil }
        let waiter = waiters[head]
        head += 1
        if head == waiters.count {
            waiters.removeAll(keepingCapacity: true)
            head = 0
        }
        return waiter
    }

    private func remove(_ waiter: PoolWaiter) {
        guard let index = waiters[head...].firstIndex(where: { $0 === waiter }) else { return }
        waiters.remove(at: index)
    }
}

/// A VU's place in a pool's queue: its own timer, on which it sleeps until its deadline or until the pool
/// hands it a lease and wakes it. One per VU session, reused by every wait.
final class PoolWaiter {
    /// The timer the VU sleeps on.
    let timer: LoopTimer
    /// What the pool handed over while the VU slept.
    fileprivate var grant: PostgresPool.Lease?

    init(worker: Worker) {
        timer = LoopTimer(worker: worker)
    }

    fileprivate func hand(_ lease: PostgresPool.Lease) {
        grant = lease
        timer.wake()
    }

    /// Releases the timer.
    func close() { timer.close() }
}

/// The pools of one worker, by scenario, connection settings and size; their idle connections close when the
/// worker stops.
final class PostgresPools: WorkerLocalState {
    /// What identifies one pool.
    struct Key: Hashable {
        var scenario: String
        var settings: ConnectionSettings
        var size: Int
    }

    private var pools: [Key: PostgresPool] = [:]

    /// The pool for `key` on `worker`, made on first use with the worker's exact share of `key.size`.
    static func pool(_ key: Key, worker: Worker) -> PostgresPool {
        let pools = worker.localState(PostgresPools.self) { PostgresPools() }
        if let pool = pools.pools[key] { return pool }
        let pool = PostgresPool(settings: key.settings, capacity: worker.share.count(below: key.size))
        pools.pools[key] = pool
        return pool
    }

    func workerWillStop() {
        for pool in pools.values { pool.close() }
        pools.removeAll()
    }
}
