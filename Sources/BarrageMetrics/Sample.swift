/// The outcome of one executed step: what every client hands to the metrics pipeline.
///
/// A value type with no references, so producing and recording it allocates nothing.
public struct Sample: Sendable {
    /// When the step started, monotonic ns. For the first step of an open-model iteration the scheduler sets
    /// this to the iteration's intended start, so a stalled target cannot hide (coordinated omission).
    public var start: UInt64
    /// When the step ended, monotonic ns.
    public var end: UInt64
    /// Why the step failed, or nil when it succeeded.
    public var error: ErrorKind?
    /// Payload bytes written to the network.
    public var bytesSent: Int
    /// Payload bytes read from the network.
    public var bytesReceived: Int
    /// Protocol phases, in the slots the step definition names.
    public var phases: PhaseTimings
    /// The protocol's status code of the answer (an HTTP status), 0 when the protocol has none or no answer came.
    public var status: UInt16
    /// False for a step that had nothing to measure (see `unrecorded(at:)`): the engine records no sample for
    /// it, and the iteration goes on.
    public var isRecorded = true

    /// Makes a sample; `end` defaults to `start` so a client can fill it in as it goes.
    public init(
        start: UInt64,
        end: UInt64? = nil,
        error: ErrorKind? = nil,
        bytesSent: Int = 0,
        bytesReceived: Int = 0,
        phases: PhaseTimings = PhaseTimings(),
        status: UInt16 = 0
    ) {
        self.status = status
        self.start = start
        self.end = end ?? start
        self.error = error
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.phases = phases
    }

    /// The outcome of a step that had nothing to do worth measuring, such as a `connect` that kept the
    /// connection an earlier iteration opened: it succeeds, and its row records nothing (no count, no latency),
    /// so the row counts only the times the step really ran.
    public static func unrecorded(at time: UInt64) -> Sample {
        var sample = Sample(start: time)
        sample.isRecorded = false
        return sample
    }

    /// Whether the step succeeded.
    public var succeeded: Bool { error == nil }
    /// The step's latency in nanoseconds.
    public var latency: UInt64 { end &- start }
}
