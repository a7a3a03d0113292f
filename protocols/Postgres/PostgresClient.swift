import BarrageCore
import BarrageMetrics

/// A VU's Postgres session: one connection per distinct connection settings, kept across iterations and
/// made anew at the next step after it broke (lost, timed out, interrupted). Steps with `pool: N` borrow a
/// connection of their scenario's pool for the step instead (`PostgresPool`).
///
/// Worker-confined, like the connections it owns.
final class PostgresClient: Client {
    private let worker: Worker
    private let scenario: String
    private var connections: [PostgresConnection] = []
    /// The pools this VU's steps used, with the key each was found under (a short list, searched linearly).
    private var pools: [(key: PostgresPools.Key, pool: PostgresPool)] = []
    private var waiter: PoolWaiter?
    /// What the last step returned, when it extracts.
    private var lastRows = ResultRows()

    init(worker: Worker, scenario: String) {
        self.worker = worker
        self.scenario = scenario
    }

    func execute(_ definition: any StepDefinition, context: StepContext) async -> Sample {
        let step = definition as! PostgresStep
        lastRows.reset()
        if let size = step.pool { return await executePooled(step, size: size, context: context) }
        let start = MonotonicClock.now()
        var sample = Sample(start: start)

        var found = connections.first { $0.settings == step.connection }
        if found == nil {
            switch await connect(step, start: start) {
            case .success(let made):
                connections.append(made)
                found = made
                sample.phases[0] = MonotonicClock.now() - start
            case .failure(let error):
                sample.error = error
                sample.end = MonotonicClock.now()
                return sample
            }
        }
        guard let connection = found else { return sample }
        await perform(step, on: connection, deadline: start + step.timeout, context: context, into: &sample)
        if !connection.isUsable { drop(connection) }
        return sample
    }

    /// A pooled step: waits for a connection of the pool (or a free slot, then connects), runs the step, and
    /// returns the connection at once, so a transaction holds it from `BEGIN` to `COMMIT` and no longer.
    private func executePooled(_ step: PostgresStep, size: Int, context: StepContext) async -> Sample {
        let start = MonotonicClock.now()
        let deadline = start + step.timeout
        var sample = Sample(start: start)
        let pool = pool(for: step, size: size)
        let waiter = self.waiter ?? PoolWaiter(worker: worker)
        self.waiter = waiter

        let connection: PostgresConnection
        let lease = await pool.acquire(deadline: deadline, waiter: waiter)
        let leased = MonotonicClock.now()
        // Every pooled step records its wait (at least 1 ns, so that no wait is a recorded zero).
        sample.phases[1] = max(1, leased - start)
        switch lease {
        case .connection(let lent):
            connection = lent
        case .slot:
            switch await connect(step, start: leased, deadline: deadline) {
            case .success(let made):
                connection = made
                sample.phases[0] = MonotonicClock.now() - leased
            case .failure(let error):
                pool.releaseSlot()
                sample.error = error
                sample.end = MonotonicClock.now()
                return sample
            }
        case .timedOut:
            sample.error = pool.capacity == 0 ? .poolEmpty : .poolTimeout
            sample.end = leased
            return sample
        case .interrupted:
            sample.error = .interrupted
            sample.end = leased
            return sample
        }
        await perform(step, on: connection, deadline: deadline, context: context, into: &sample)
        pool.release(connection)
        return sample
    }

    /// The pool of this VU's worker for the step's scenario, settings and size.
    private func pool(for step: PostgresStep, size: Int) -> PostgresPool {
        if let known = pools.first(where: { $0.key.size == size && $0.key.settings == step.connection }) {
            return known.pool
        }
        let key = PostgresPools.Key(scenario: scenario, settings: step.connection, size: size)
        let pool = PostgresPools.pool(key, worker: worker)
        pools.append((key, pool))
        return pool
    }

    /// Connects for `step`, within its connect timeout and the step's own `deadline`.
    private func connect(
        _ step: PostgresStep,
        start: UInt64,
        deadline: UInt64? = nil
    ) async -> Result<PostgresConnection, ErrorKind> {
        let stepDeadline = deadline ?? start + step.timeout
        let connectDeadline = min(start + step.connectTimeout, stepDeadline)
        let result = await PostgresConnection.connect(step.connection, worker: worker, deadline: connectDeadline)
        if case .failure(.connectTimeout) = result, connectDeadline == stepDeadline { return .failure(.timeout) }
        return result
    }

    /// Runs the step's action on `connection` and fills in the sample's outcome, end and bytes.
    private func perform(
        _ step: PostgresStep,
        on connection: PostgresConnection,
        deadline: UInt64,
        context: StepContext,
        into sample: inout Sample
    ) async {
        connection.variables = context.variables
        connection.keepsRows = context.keepsResponse
        connection.lastRows.reset()
        defer {
            if context.keepsResponse { lastRows = connection.lastRows }
            connection.variables = nil
            connection.keepsRows = false
            connection.lastRows.reset()
        }
        let sentBefore = connection.payloadSent
        let receivedBefore = connection.payloadReceived
        switch step.action {
        case .query(let statement):
            sample.error = await connection.run(statement, deadline: deadline)
        case .transaction(let statements):
            sample.error = await connection.runTransaction(statements, deadline: deadline)
        case .pipeline(let statements):
            sample.error = await connection.runPipeline(statements, deadline: deadline)
        }
        sample.end = MonotonicClock.now()
        sample.bytesSent = connection.payloadSent - sentBefore
        sample.bytesReceived = connection.payloadReceived - receivedBefore
    }

    /// What the last step returned: a column of a row, the first value (body), or the command tag (status).
    func responseText(_ field: ResponseField) -> String? {
        lastRows.text(field)
    }

    private func drop(_ connection: PostgresConnection) {
        connection.close()
        connections.removeAll { $0 === connection }
    }

    func close() async {
        for connection in connections { connection.close() }
        connections.removeAll()
        waiter?.close()
        waiter = nil
        pools.removeAll()
    }
}
