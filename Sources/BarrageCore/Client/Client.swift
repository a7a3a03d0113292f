import BarrageMetrics

/// A protocol session belonging to one virtual user: it executes that VU's steps of its protocol and keeps
/// whatever state lasts between them (connections, cookies).
///
/// Implementation requirements:
/// - It runs on its VU's worker thread only, and must never block it: wait for sockets and timers through
///   the worker's loop (`SocketWatcher`, `LoopTimer`, `PreciseTimer`, or `ClientContext.worker.loop` for a
///   C library that drives libuv itself).
/// - `execute` never throws and never traps on network trouble: refused, reset, timeout and malformed
///   answers become a `Sample` with an `ErrorKind`. It honours the step's own timeout.
/// - When a wait returns `.cancelled` the run is stopping: return promptly with `ErrorKind.interrupted`.
/// - Steady-state execution should allocate nothing per step; buffers belong to the session.
/// - `close` releases every descriptor and handle.
public protocol Client: AnyObject {
    /// Executes one step of this client's protocol and reports its outcome.
    func execute(_ step: any StepDefinition, context: StepContext) async -> Sample

    /// Releases everything the session holds; called once when its VU ends.
    func close() async

    /// A part of the response to the last step executed, as text, for the step's `extract:` entries; nil when
    /// the response has no such part. Called right after `execute` returned a successful sample, on the same
    /// thread; when `StepContext.keepsResponse` was false the client may return nil for the body.
    func responseText(_ field: ResponseField) -> String?
}

extension Client {
    /// By default a client offers nothing to extract.
    public func responseText(_ field: ResponseField) -> String? { nil }
}

/// What a client learns about its VU when it is made.
public struct ClientContext: Sendable {
    /// The worker whose loop the client must use.
    public let worker: Worker
    /// The VU's number, unique across the run (and across the segments of a distributed run).
    public let vu: Int
    /// The scenario the VU belongs to.
    public let scenario: String
    /// The protocol name this session was made for (a factory may serve several).
    public let protocolName: String

    /// Makes a context.
    public init(worker: Worker, vu: Int, scenario: String, protocolName: String) {
        self.worker = worker
        self.vu = vu
        self.scenario = scenario
        self.protocolName = protocolName
    }
}

/// What a client learns about the step it is asked to execute.
public struct StepContext: Sendable {
    /// The VU's number.
    public let vu: Int
    /// The VU's iteration, 0-based.
    public let iteration: Int
    /// The step's index among its scenario's steps.
    public let stepIndex: Int
    /// The VU's variables, for rendering the step's `Template`s. Read it during `execute` only.
    public let variables: VariableScope
    /// Whether the step extracts from its response: keep the body for `responseText(.body)`.
    public let keepsResponse: Bool

    /// Makes a context; without `variables`, a fresh scope for VU `vu + 1`.
    public init(
        vu: Int,
        iteration: Int,
        stepIndex: Int,
        variables: VariableScope? = nil,
        keepsResponse: Bool = false
    ) {
        self.vu = vu
        self.iteration = iteration
        self.stepIndex = stepIndex
        self.variables = variables ?? VariableScope(vu: vu + 1)
        self.keepsResponse = keepsResponse
    }
}
