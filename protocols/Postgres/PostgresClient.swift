import BarrageCore
import BarrageMetrics

/// A VU's Postgres session: one connection per distinct connection settings, kept across iterations and
/// made anew at the next step after it broke (lost, timed out, interrupted). Steps with `pool: N` borrow a
/// connection of their scenario's pool for the step instead (`PostgresPool`).
///
/// Worker-confined, like the connections it owns: its state is `@exclusivity(unchecked)`, as every execution
/// reads it and the dynamic check would cost a runtime call each time.
final class PostgresClient: Client {
    private let worker: Worker
    private let scenario: String
    @exclusivity(unchecked) private var connections: [PostgresConnection] = []
    /// The pools this VU's steps used, with the key each was found under (a short list, searched linearly).
    @exclusivity(unchecked) private var pools: [(key: PostgresPools.Key, pool: PostgresPool)] = []
    @exclusivity(unchecked) private var waiter: PoolWaiter?
    /// What the last step returned, when it extracts.
    @exclusivity(unchecked) private var lastRows = ResultRows()
    /// The VU's steps by `StepContext.stepIndex`, cast from their definitions the first time the VU runs them.
    @exclusivity(unchecked) private var bound: [BoundStep?] = []

    init(worker: Worker, scenario: String) {
        self.worker = worker
        self.scenario = scenario
    }

    /// Inlined into the `Client` witness that calls it: one task-allocated frame less per step.
    @inline(__always)
    func execute(_ definition: any StepDefinition, context: StepContext) async -> Sample {
        let index = context.stepIndex
        let known = index < bound.count ? bound[index] : nil
        let binding = known ?? bind(definition as! PostgresStep, at: index)
        if context.keepsResponse || !lastRows.isEmpty { lastRows.reset() }
        if let size = binding.step.pool { return await executePooled(binding, size: size, context: context) }
        let start = MonotonicClock.now()
        var sample = Sample(start: start)

        var found = binding.connection
        if found?.isUsable != true {
            found = connections.first { $0.settings == binding.step.connection }
            if found == nil {
                switch await connect(binding.step, start: start) {
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
            binding.connection = found
        }
        guard let connection = found else { return sample }
        await perform(binding, on: connection, deadline: start + binding.step.timeout, context: context, into: &sample)
        if !connection.isUsable { drop(connection) }
        return sample
    }

    /// Casts `step` once and keeps it (with what running it needs) for the VU's later executions.
    private func bind(_ step: PostgresStep, at index: Int) -> BoundStep {
        if index >= bound.count { bound.append(contentsOf: repeatElement(nil, count: index + 1 - bound.count)) }
        let binding = BoundStep(step)
        bound[index] = binding
        return binding
    }

    /// A pooled step: waits for a connection of the pool (or a free slot, then connects), runs the step, and
    /// returns the connection at once, so a transaction holds it from `BEGIN` to `COMMIT` and no longer.
    private func executePooled(_ binding: BoundStep, size: Int, context: StepContext) async -> Sample {
        let step = binding.step
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
        await perform(binding, on: connection, deadline: deadline, context: context, into: &sample)
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
        _ binding: BoundStep,
        on connection: PostgresConnection,
        deadline: UInt64,
        context: StepContext,
        into sample: inout Sample
    ) async {
        let keepsRows = context.keepsResponse
        if binding.rendersParameters { connection.variables = context.variables }
        if keepsRows {
            connection.keepsRows = true
            connection.lastRows.reset()
        }
        let sentBefore = connection.payloadSent
        let receivedBefore = connection.payloadReceived
        switch binding.work {
        case .query(let statement):
            sample.error = await connection.run(statement, deadline: deadline)
        case .transaction(let statements):
            sample.error = await connection.runTransaction(statements, deadline: deadline)
        case .pipeline(let statements, let distinctPrepared):
            sample.error = await connection.runPipeline(
                statements,
                distinctPrepared: distinctPrepared,
                deadline: deadline,
                phases: &sample.phases,
                firstSlot: binding.step.firstStatementSlot
            )
        }
        sample.end = MonotonicClock.now()
        sample.bytesSent = connection.payloadSent - sentBefore
        sample.bytesReceived = connection.payloadReceived - receivedBefore
        if binding.rendersParameters { connection.variables = nil }
        if keepsRows {
            lastRows = connection.lastRows
            connection.keepsRows = false
            connection.lastRows.reset()
        }
    }

    /// What the last step returned: a column of a row, the first value (body), or the command tag (status).
    func responseText(_ field: ResponseField) -> String? {
        lastRows.text(field)
    }

    private func drop(_ connection: PostgresConnection) {
        connection.close()
        connections.removeAll { $0 === connection }
        for binding in bound where binding?.connection === connection { binding?.connection = nil }
    }

    func close() async {
        for connection in connections { connection.close() }
        connections.removeAll()
        bound.removeAll()
        waiter?.close()
        waiter = nil
        pools.removeAll()
    }
}

/// A step as one VU runs it: cast from its definition once, its statements as the connection takes them, and
/// the connection it ran on last (steps without `pool`), so that an execution copies no part of the step.
private final class BoundStep {
    /// What a step runs, as `StatementStorage`s.
    enum Work {
        /// One statement.
        case query(StatementStorage)
        /// A transaction's statements.
        case transaction([StatementStorage])
        /// A pipeline's statements, and its prepared ones once each.
        case pipeline([StatementStorage], distinctPrepared: [StatementStorage])
    }

    let step: PostgresStep
    let work: Work
    /// Whether a statement renders parameters from the VU's variables.
    let rendersParameters: Bool
    /// The connection the step ran on last; checked for usability before it is used again.
    /// `@exclusivity(unchecked)`: read by every execution, on the VU's worker only.
    @exclusivity(unchecked) var connection: PostgresConnection?

    init(_ step: PostgresStep) {
        self.step = step
        let statements: [StatementStorage]
        switch step.action {
        case .query(let statement):
            statements = [statement.storage]
            work = .query(statement.storage)
        case .transaction(let list):
            statements = list.map(\.storage)
            work = .transaction(statements)
        case .pipeline(let list):
            statements = list.map(\.storage)
            var distinct: [StatementStorage] = []
            for statement in statements where statement.prepared && !distinct.contains(where: { $0 === statement }) {
                distinct.append(statement)
            }
            work = .pipeline(statements, distinctPrepared: distinct)
        }
        rendersParameters = statements.contains { $0.templates != nil }
    }
}
