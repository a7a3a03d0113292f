import BarrageCore
import BarrageMetrics
import CLibPQ
import Foundation

/// One non-blocking libpq connection on a worker's loop: connecting, statements, transactions and pipelined
/// batches, waiting for its socket through one `SocketWatcher` that stays registered while the connection lives.
///
/// The only owner of a `PGconn` (and of the `PGresult`s it hands out): no raw libpq pointer leaves this file.
/// A `final class` for the C handle's lifetime; `deinit` closes it. Confined to its VU's worker thread.
///
/// The state touched on every statement is `@exclusivity(unchecked)`: confined to that one thread and never
/// accessed overlappingly, so the dynamic exclusivity check (a runtime call per access) buys nothing there.
final class PostgresConnection {
    /// The settings it was made with (steps with equal settings share it).
    let settings: ConnectionSettings
    /// False once the connection can no longer be used: lost, timed out or interrupted mid-statement. The
    /// client drops it and connects anew at the next step.
    @exclusivity(unchecked) private(set) var isUsable = true

    private let connection: OpaquePointer
    @exclusivity(unchecked) private var watcher: SocketWatcher
    /// Names of the statements prepared on this connection, indexed by their `StatementStorage.id` (nil: not
    /// prepared here). C strings owned here: passing a Swift `String` to libpq would copy it into a new array on
    /// every call. An array, not a dictionary: a lookup per execution costs no hashing.
    @exclusivity(unchecked) private var preparedNames: [UnsafeMutablePointer<CChar>?] = []
    /// How many statements are prepared here (names are numbered from 1).
    private var preparedCount = 0
    /// Rendered parameter values of the statement being sent, each NUL-terminated, back to back.
    @exclusivity(unchecked) private var renderedText: [UInt8] = []
    /// Where each rendered value starts in `renderedText`; -1 for SQL NULL.
    @exclusivity(unchecked) private var renderedOffsets: [Int] = []
    /// The pointers libpq gets: into `renderedText`, or nil.
    @exclusivity(unchecked) private var renderedValues: [UnsafePointer<CChar>?] = []
    private var closed = false
    /// Payload bytes sent over this connection: statement texts (when not prepared) and parameter values.
    @exclusivity(unchecked) private(set) var payloadSent = 0
    /// The VU variables the current step renders its parameters from (set by the client before each step).
    @exclusivity(unchecked) var variables: VariableScope?
    /// Whether the current step extracts from its results: keep them in `lastRows`.
    @exclusivity(unchecked) var keepsRows = false
    /// What the current step's statements returned, for extraction.
    var lastRows = ResultRows()
    /// Payload bytes received over this connection: the values of the rows returned.
    @exclusivity(unchecked) private(set) var payloadReceived = 0

    private init(settings: ConnectionSettings, connection: OpaquePointer, watcher: SocketWatcher) {
        self.settings = settings
        self.connection = connection
        self.watcher = watcher
    }

    deinit { close() }

    /// Closes the connection (the watcher first, then libpq's socket).
    func close() {
        guard !closed else { return }
        closed = true
        isUsable = false
        watcher.close()
        PQfinish(connection)
        for name in preparedNames { free(name) }
        preparedNames.removeAll()
    }

    // MARK: Connecting

    /// Connects without blocking the worker, giving up at `deadline` (monotonic ns).
    ///
    /// libpq may close its socket and open another with the same number (several hosts, an SSL retry); the
    /// kernel then drops the poll registration silently. So the socket is registered anew after every
    /// `PQconnectPoll` while connecting, and a failed wait (libuv reports a refused connect as `UV_EBADF`)
    /// still goes on to `PQconnectPoll`, which reports the real cause.
    static func connect(
        _ settings: ConnectionSettings,
        worker: Worker,
        deadline: UInt64
    ) async -> Result<PostgresConnection, ErrorKind> {
        let started = settings.withParameters { keywords, values in PQconnectStartParams(keywords, values, 1) }
        guard let connection = started else { return .failure(.localResource) }
        if PQstatus(connection) == CONNECTION_BAD {
            let kind = connectFailure(connection)
            PQfinish(connection)
            return .failure(kind)
        }
        var watcher: SocketWatcher?
        var polling = PGRES_POLLING_WRITING
        while polling != PGRES_POLLING_OK {
            if polling == PGRES_POLLING_FAILED {
                let kind = connectFailure(connection)
                watcher?.close()
                PQfinish(connection)
                return .failure(kind)
            }
            watcher?.close()
            let current = SocketWatcher(fd: PQsocket(connection), worker: worker)
            watcher = current
            let outcome =
                polling == PGRES_POLLING_READING
                ? await current.waitReadable(until: deadline)
                : await current.waitWritable(until: deadline)
            switch outcome {
            case .ready, .failed: break
            case .timedOut, .cancelled:
                current.close()
                PQfinish(connection)
                return .failure(outcome == .timedOut ? .connectTimeout : .interrupted)
            }
            polling = PQconnectPoll(connection)
        }
        PQsetnonblocking(connection, 1)
        // libpq prints server notices (a COMMIT with no transaction, RAISE NOTICE) to stderr by default: at
        // load-test rates that is a flood of output and a write per query. They are dropped instead.
        _ = PQsetNoticeProcessor(connection, { _, _ in }, nil)
        let kept = watcher ?? SocketWatcher(fd: PQsocket(connection), worker: worker)
        return .success(PostgresConnection(settings: settings, connection: connection, watcher: kept))
    }

    /// The error kind of a failed connection attempt, from libpq's message (which never holds the password).
    private static func connectFailure(_ connection: OpaquePointer) -> ErrorKind {
        let message = String(cString: PQerrorMessage(connection))
        let patterns: [(String, ErrorKind)] = [
            ("Connection refused", .connectRefused),
            ("timeout expired", .connectTimeout),
            ("could not translate host name", .dns),
            ("No route to host", .unreachable),
            ("Network is unreachable", .unreachable),
            ("password authentication failed", .authenticationFailed),
            ("no pg_hba.conf entry", .authenticationFailed),
            ("authentication", .authenticationFailed),
            ("SSL", .tls),
            ("certificate", .tls),
            ("the database system is", .serverUnavailable),
            ("too many clients", .serverResources),
            ("remaining connection slots", .serverResources),
            ("does not exist", .undefinedObject),
            ("Connection reset", .connectionReset),
            ("server closed the connection", .connectionLost),
        ]
        return patterns.first { message.contains($0.0) }?.1 ?? .connectFailed
    }

    // MARK: Steps

    /// Runs one statement; nil when it succeeded and met its expectation.
    func run(_ statement: StatementStorage, deadline: UInt64) async -> ErrorKind? {
        var name: UnsafeMutablePointer<CChar>?
        if statement.prepared {
            name = knownName(of: statement)
            if name == nil {
                switch await preparedName(for: statement, deadline: deadline) {
                case .success(let prepared): name = prepared
                case .failure(let error): return error
                }
            }
        }
        if let error = send(statement, preparedName: name) { return error }
        // Outside pipeline mode libpq has already tried to write the message: usually nothing is left.
        if PQflush(connection) != 0, let error = await flush(deadline: deadline) { return error }
        return await collect(expectation: statement.expectation, deadline: deadline)
    }

    /// Runs `BEGIN`, the statements and `COMMIT`; after a failure, `ROLLBACK` (when the connection still works)
    /// and the failure's kind.
    func runTransaction(_ statements: [StatementStorage], deadline: UInt64) async -> ErrorKind? {
        if let error = await run(ControlStatements.begin.storage, deadline: deadline) { return error }
        for statement in statements {
            if let error = await run(statement, deadline: deadline) {
                if isUsable, let rollbackError = await run(ControlStatements.rollback.storage, deadline: deadline) {
                    // The failure stays what is reported; a connection that cannot roll back is not reused.
                    if rollbackError != .checkFailed { isUsable = false }
                }
                return error
            }
        }
        return await run(ControlStatements.commit.storage, deadline: deadline)
    }

    /// Sends every statement in pipeline mode with one sync after the last, then reads every result.
    /// `distinctPrepared` lists the prepared ones once each (a batch often repeats one statement). With
    /// `firstSlot`, statement *i*'s result time (from the batch's send) goes into `phases[firstSlot + i]`.
    ///
    /// Returns the first failure: a statement's own kind (the ones after it up to the sync come back
    /// `PGRES_PIPELINE_ABORTED` and are not reported separately), or `pipeline_aborted` when only aborted
    /// results were seen.
    func runPipeline(
        _ statements: [StatementStorage],
        distinctPrepared: [StatementStorage],
        deadline: UInt64,
        phases: inout PhaseTimings,
        firstSlot: Int?
    ) async -> ErrorKind? {
        // PREPARE runs outside the pipeline: entering it needs an idle connection.
        for statement in distinctPrepared {
            if case .failure(let error) = await preparedName(for: statement, deadline: deadline) { return error }
        }
        guard PQenterPipelineMode(connection) == 1 else { return abandon(.clientError) }
        for statement in statements {
            if let error = send(statement, preparedName: statement.prepared ? knownName(of: statement) : nil) {
                return error
            }
        }
        guard PQpipelineSync(connection) == 1 else { return abandon(lostOrClientError()) }
        if PQflush(connection) != 0, let error = await flush(deadline: deadline) { return error }
        let sent = firstSlot == nil ? 0 : MonotonicClock.now()
        var failure: ErrorKind?
        for (position, statement) in statements.enumerated() {
            // Each statement yields its result, then NULL.
            switch await nextResult(deadline: deadline) {
            case .failure(let error): return error
            case .success(nil): return abandon(.protocolError)
            case .success(let result?):
                let kind = check(result, statement.expectation)
                // A statement skipped after a failure has no time of its own. At least 1 ns: a phase left at zero
                // counts as not measured.
                if let firstSlot, kind != .pipelineAborted {
                    phases[firstSlot + position] = max(1, MonotonicClock.now() - sent)
                }
                PQclear(result)
                if failure == nil || failure == .pipelineAborted, let kind { failure = kind }
            }
            switch await nextResult(deadline: deadline) {
            case .failure(let error): return error
            case .success(nil): break
            case .success(let result?):
                PQclear(result)
                return abandon(.protocolError)
            }
        }
        // The sync's own result has no NULL after it.
        switch await nextResult(deadline: deadline) {
        case .failure(let error): return error
        case .success(let result):
            let status = result.map { PQresultStatus($0) }
            if let result { PQclear(result) }
            guard status == PGRES_PIPELINE_SYNC else { return abandon(.protocolError) }
        }
        guard PQexitPipelineMode(connection) == 1 else { return abandon(.clientError) }
        return failure
    }

    // MARK: libpq calls

    /// The name `statement` is prepared under on this connection, if it is.
    private func knownName(of statement: StatementStorage) -> UnsafeMutablePointer<CChar>? {
        statement.id < preparedNames.count ? preparedNames[statement.id] : nil
    }

    /// The name `statement` is prepared under on this connection, preparing it first when it is not yet.
    private func preparedName(
        for statement: StatementStorage,
        deadline: UInt64
    ) async -> Result<UnsafeMutablePointer<CChar>, ErrorKind> {
        if let name = knownName(of: statement) { return .success(name) }
        let name = strdup("barrage_\(preparedCount + 1)")!
        guard PQsendPrepare(connection, name, statement.text, statement.count, nil) == 1 else {
            free(name)
            return .failure(abandon(lostOrClientError()))
        }
        var error = await flush(deadline: deadline)
        if error == nil { error = await collect(expectation: nil, deadline: deadline) }
        if let error {
            free(name)
            return .failure(error)
        }
        if statement.id >= preparedNames.count {
            preparedNames.append(contentsOf: repeatElement(nil, count: statement.id + 1 - preparedNames.count))
        }
        preparedNames[statement.id] = name
        preparedCount += 1
        return .success(name)
    }

    /// Queues `statement` in libpq's output buffer: as the prepared statement `preparedName`, or with its text.
    /// Parameters that read variables are rendered from `variables` into buffers this connection keeps (libpq
    /// copies them into its own buffer before this returns), so rendering allocates nothing once they are large
    /// enough.
    private func send(_ statement: StatementStorage, preparedName: UnsafeMutablePointer<CChar>?) -> ErrorKind? {
        // The text goes only with an unprepared statement; the parameters go every time.
        payloadSent &+= preparedName == nil ? statement.textBytes : 0
        guard let templates = statement.templates, let variables else {
            payloadSent &+= statement.parameterBytes
            return submit(statement, preparedName: preparedName, values: statement.values)
        }
        renderedText.removeAll(keepingCapacity: true)
        // Sized for the statement with the most parameters so far; written by index, never emptied.
        if renderedOffsets.count < templates.count {
            renderedOffsets.append(contentsOf: repeatElement(-1, count: templates.count - renderedOffsets.count))
            renderedValues.append(contentsOf: repeatElement(nil, count: templates.count - renderedValues.count))
        }
        for (index, template) in templates.enumerated() {
            guard let template else {
                renderedOffsets[index] = -1
                continue
            }
            renderedOffsets[index] = renderedText.count
            payloadSent &+= template.render(variables, appendingTo: &renderedText)
            renderedText.append(0)
        }
        return renderedText.withUnsafeBufferPointer { text in
            let base = UnsafeRawPointer(text.baseAddress!).assumingMemoryBound(to: CChar.self)
            for index in templates.indices {
                let offset = renderedOffsets[index]
                renderedValues[index] = offset < 0 ? nil : base + offset
            }
            return renderedValues.withUnsafeMutableBufferPointer { values in
                submit(statement, preparedName: preparedName, values: values.baseAddress!)
            }
        }
    }

    /// Hands the statement with `values` as its parameters to libpq.
    private func submit(
        _ statement: StatementStorage,
        preparedName: UnsafeMutablePointer<CChar>?,
        values: UnsafeMutablePointer<UnsafePointer<CChar>?>
    ) -> ErrorKind? {
        let sent =
            if let preparedName {
                PQsendQueryPrepared(connection, preparedName, statement.count, values, nil, nil, 0)
            } else {
                PQsendQueryParams(connection, statement.text, statement.count, nil, values, nil, nil, 0)
            }
        return sent == 1 ? nil : abandon(lostOrClientError())
    }

    /// Writes libpq's output buffer to the socket, waiting for writability as long as the kernel's buffer
    /// is full.
    ///
    /// The watcher waits for one event at a time, so while libpq still has output the wait is cut into short
    /// slices: each `PQflush` also reads what the server sent meanwhile, so a server blocked on sending to us
    /// cannot deadlock the two sides.
    private func flush(deadline: UInt64) async -> ErrorKind? {
        while true {
            let status = PQflush(connection)
            if status == 0 { return nil }
            if status < 0 { return abandon(.connectionLost) }
            let left = Self.remaining(until: deadline)
            if left == 0 { return abandon(.timeout) }
            switch await watcher.waitWritable(timeoutNanoseconds: min(left, 20_000_000)) {
            case .ready, .timedOut, .failed: continue
            case .cancelled: return abandon(.interrupted)
            }
        }
    }

    /// Reads every result of one statement (up to the NULL that ends them) and checks the first. Inlined into
    /// `run`: one task-allocated frame less per statement.
    @inline(__always)
    private func collect(expectation: ResultExpectation?, deadline: UInt64) async -> ErrorKind? {
        var verdict: ErrorKind?
        var first = true
        while true {
            switch await nextResult(deadline: deadline) {
            case .failure(let error): return error
            case .success(nil): return verdict
            case .success(let result?):
                let kind = check(result, first ? expectation : nil)
                PQclear(result)
                if verdict == nil { verdict = kind }
                first = false
            }
        }
    }

    /// The next `PGresult` (or NULL), reading from the socket until libpq has a whole one.
    ///
    /// Inlined: libpq often holds the next one whole already (the NULL after a statement's result always, most
    /// results of a pipeline), and then no async call is made, which would cost a task-allocated frame.
    @inline(__always)
    private func nextResult(deadline: UInt64) async -> Result<OpaquePointer?, ErrorKind> {
        if PQisBusy(connection) == 0 { return .success(PQgetResult(connection)) }
        return await readResult(deadline: deadline)
    }

    /// `nextResult` when libpq must read from the socket first. Inlined too (into `run`): one task-allocated frame
    /// less per statement.
    @inline(__always)
    private func readResult(deadline: UInt64) async -> Result<OpaquePointer?, ErrorKind> {
        while PQisBusy(connection) == 1 {
            switch await watcher.waitReadable(until: deadline) {
            case .ready, .failed: break
            case .timedOut: return .failure(abandon(.timeout))
            case .cancelled: return .failure(abandon(.interrupted))
            }
            if PQconsumeInput(connection) == 0 { return .failure(abandon(.connectionLost)) }
        }
        return .success(PQgetResult(connection))
    }

    /// The one place a `PGresult` is judged: its status, its SQLSTATE, and `expectation`. Nil means success.
    private func check(_ result: OpaquePointer, _ expectation: ResultExpectation?) -> ErrorKind? {
        let status = PQresultStatus(result)
        countPayload(of: result)
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY:
            if keepsRows { lastRows.keep(result, status: status) }
            guard let expectation else { return nil }
            if expectation.sqlstate != nil { return .checkFailed }
            return meets(result, expectation, status: status) ? nil : .checkFailed
        case PGRES_PIPELINE_ABORTED:
            return .pipelineAborted
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR:
            let broken = PQstatus(connection) == CONNECTION_BAD
            if broken { isUsable = false }
            guard let field = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) else {
                // An error libpq made itself (no SQLSTATE): the connection failed under the statement.
                isUsable = false
                return .connectionLost
            }
            if let expected = expectation?.sqlstate {
                let matches = expected.withCString { strcmp($0, field) == 0 }
                if matches { return nil }
            }
            return SQLState.kind(String(cString: field), connectionBroken: broken)
        default:
            // COPY and unexpected replies: the connection is in a state this client does not drive.
            isUsable = false
            return .protocolError
        }
    }

    /// Adds the result's values (their lengths as libpq holds them) to the payload received.
    private func countPayload(of result: OpaquePointer) {
        let rows = PQntuples(result)
        let columns = PQnfields(result)
        guard rows > 0, columns > 0 else { return }
        var bytes = 0
        for row in 0..<rows {
            for column in 0..<columns { bytes &+= Int(PQgetlength(result, row, column)) }
        }
        payloadReceived &+= bytes
    }

    /// Whether a successful result has the expected row count and first-row values.
    private func meets(_ result: OpaquePointer, _ expectation: ResultExpectation, status: ExecStatusType) -> Bool {
        let rows = Int(PQntuples(result))
        if let expected = expectation.rows {
            let actual = status == PGRES_COMMAND_OK ? Self.affectedRows(result) : rows
            if actual != expected { return false }
        }
        for column in expectation.columns {
            let index = column.name.withCString { PQfnumber(result, $0) }
            guard index >= 0, rows > 0 else { return false }
            let isNull = PQgetisnull(result, 0, index) == 1
            guard let expected = column.equals else {
                if !isNull { return false }
                continue
            }
            if isNull { return false }
            let value = PQgetvalue(result, 0, index)!
            if !expected.withCString({ strcmp($0, value) == 0 }) { return false }
        }
        return true
    }

    /// The rows an INSERT, UPDATE or DELETE affected (`PQcmdTuples`), read without allocating; 0 when none apply.
    private static func affectedRows(_ result: OpaquePointer) -> Int {
        guard var digit = PQcmdTuples(result) else { return 0 }
        var count = 0
        while digit.pointee >= 48, digit.pointee <= 57 {
            count = count * 10 + Int(digit.pointee - 48)
            digit += 1
        }
        return count
    }

    /// Marks the connection unusable and returns `kind`: libpq is mid-statement and the client will drop it.
    private func abandon(_ kind: ErrorKind) -> ErrorKind {
        isUsable = false
        return kind
    }

    /// `connection_lost` when libpq says the connection is bad, otherwise `client_error` (libpq refused a call).
    private func lostOrClientError() -> ErrorKind {
        PQstatus(connection) == CONNECTION_BAD ? .connectionLost : .clientError
    }

    private static func remaining(until deadline: UInt64) -> UInt64 {
        let now = MonotonicClock.now()
        return deadline > now ? deadline - now : 0
    }
}

/// The statements a transaction step wraps its own in.
enum ControlStatements {
    static let begin = PostgresStatement(text: "BEGIN")
    static let commit = PostgresStatement(text: "COMMIT")
    static let rollback = PostgresStatement(text: "ROLLBACK")
}
