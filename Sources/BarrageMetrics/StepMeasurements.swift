/// Everything measured about one step (or one scenario's iterations) over a span of time; mergeable.
///
/// Storage is allocated when it is made; `record` only adds to it (an error kind seen for the first time
/// inserts one dictionary entry, once).
public struct StepMeasurements: Sendable, Equatable {
    /// Latency of every sample, successful or not.
    public var latency = LatencyHistogram()
    /// Samples that succeeded.
    public var successes: UInt64 = 0
    /// Samples that failed.
    public var failures: UInt64 = 0
    /// Failures by kind.
    public var errors: [ErrorKind: UInt64] = [:]
    /// Payload bytes sent.
    public var bytesSent: UInt64 = 0
    /// Payload bytes received.
    public var bytesReceived: UInt64 = 0
    /// One histogram per phase slot the step declares.
    public var phases: [LatencyHistogram]
    /// Answers by protocol status code (HTTP statuses), for samples that carried one.
    public var statuses: [UInt16: UInt64] {
        get {
            guard runCount > 0 else { return countedStatuses }
            var all = countedStatuses
            all[runStatus, default: 0] &+= runCount
            return all
        }
        set {
            countedStatuses = newValue
            runCount = 0
        }
    }
    /// The statuses counted so far, without the current run of `runStatus`.
    @usableFromInline var countedStatuses: [UInt16: UInt64] = [:]
    /// The status of the latest samples and how many in a row carried it: nearly every answer of a step has the
    /// same status, and counting a run costs an addition where the dictionary costs a hash per sample.
    @usableFromInline var runStatus: UInt16 = 0
    @usableFromInline var runCount: UInt64 = 0

    /// Empty measurements for a step with `phaseCount` phases.
    public init(phaseCount: Int = 0) {
        phases = Array(repeating: LatencyHistogram(), count: min(phaseCount, PhaseTimings.capacity))
    }

    /// All samples, successful or not.
    public var count: UInt64 { successes + failures }

    /// Adds one sample.
    @inlinable
    public mutating func record(_ sample: Sample) {
        latency.record(nanoseconds: sample.latency)
        if let error = sample.error {
            failures &+= 1
            errors[error, default: 0] &+= 1
        } else {
            successes &+= 1
        }
        bytesSent &+= UInt64(truncatingIfNeeded: sample.bytesSent)
        bytesReceived &+= UInt64(truncatingIfNeeded: sample.bytesReceived)
        if sample.status != 0 {
            if sample.status == runStatus {
                runCount &+= 1
            } else {
                if runCount > 0 { countedStatuses[runStatus, default: 0] &+= runCount }
                runStatus = sample.status
                runCount = 1
            }
        }
        for index in phases.indices where sample.phases[index] > 0 {
            phases[index].record(nanoseconds: sample.phases[index])
        }
    }

    /// A copy whose histograms have storage of their own, trimmed to what they hold: a per-second snapshot.
    func trimmedCopy() -> StepMeasurements {
        var copy = self
        copy.latency = latency.trimmedCopy()
        copy.phases = phases.map { $0.trimmedCopy() }
        return copy
    }

    /// Adds every count of `other`.
    public mutating func merge(_ other: StepMeasurements) {
        latency.merge(other.latency)
        successes += other.successes
        failures += other.failures
        for (kind, count) in other.errors { errors[kind, default: 0] += count }
        // Straight into the counted statuses (no copy of either dictionary): the other's counted ones and its run.
        for (status, count) in other.countedStatuses { countedStatuses[status, default: 0] += count }
        if other.runCount > 0 { countedStatuses[other.runStatus, default: 0] += other.runCount }
        bytesSent += other.bytesSent
        bytesReceived += other.bytesReceived
        if phases.count < other.phases.count {
            phases.append(contentsOf: Array(repeating: LatencyHistogram(), count: other.phases.count - phases.count))
        }
        for index in other.phases.indices { phases[index].merge(other.phases[index]) }
    }

    /// Forgets every value, keeping storage.
    public mutating func reset() {
        latency.reset()
        successes = 0
        failures = 0
        errors.removeAll(keepingCapacity: true)
        countedStatuses.removeAll(keepingCapacity: true)
        runCount = 0
        bytesSent = 0
        bytesReceived = 0
        for index in phases.indices { phases[index].reset() }
    }

    /// Equal when every count is (however the statuses are held).
    public static func == (lhs: StepMeasurements, rhs: StepMeasurements) -> Bool {
        lhs.latency == rhs.latency && lhs.successes == rhs.successes && lhs.failures == rhs.failures
            && lhs.errors == rhs.errors && lhs.bytesSent == rhs.bytesSent && lhs.bytesReceived == rhs.bytesReceived
            && lhs.phases == rhs.phases && lhs.statuses == rhs.statuses
    }
}
